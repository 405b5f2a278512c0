import type { Repositories } from "../../db/repositories.ts";
import type { OrderItem } from "../../db/schema/index.ts";
import type { OrderRow, ProductRow } from "./repository.ts";
import { HOUR } from "../../lib/time.ts";

const catalog: [string, string, number, number][] = [
  ["TSHIRT-BLK-M", "Organic T-shirt, black, M", 2499, 42],
  ["TSHIRT-BLK-L", "Organic T-shirt, black, L", 2499, 17],
  ["TSHIRT-WHT-M", "Organic T-shirt, white, M", 2499, 0],
  ["HOODIE-GRY-M", "Hoodie, heather grey, M", 5900, 12],
  ["HOODIE-GRY-L", "Hoodie, heather grey, L", 5900, 8],
  ["CAP-NAVY", "Baseball cap, navy", 1999, 65],
  ["MUG-LOGO", "Ceramic mug with logo", 1250, 120],
  ["BOTTLE-STEEL", "Steel water bottle, 750 ml", 2900, 33],
  ["TOTE-CANVAS", "Canvas tote bag", 1500, 80],
  ["SOCKS-3PK", "Merino socks, 3 pack", 1890, 54],
  ["BEANIE-RED", "Knit beanie, red", 2200, 5],
  ["JACKET-RAIN-M", "Rain jacket, M", 12900, 9],
  ["JACKET-RAIN-L", "Rain jacket, L", 12900, 3],
  ["NOTEBOOK-A5", "Dotted notebook, A5", 990, 200],
  ["PEN-SET", "Fountain pen set", 3450, 14],
  ["STICKER-PACK", "Sticker pack", 499, 500],
];
const customers = [
  ["Ada Lovelace", "ada@example.com"],
  ["Grace Hopper", "grace@example.com"],
  ["Alan Turing", "alan@example.com"],
  ["Katherine Johnson", "katherine@example.com"],
  ["Linus Pauling", "linus@example.com"],
];
const statuses = ["pending", "processing", "shipped", "complete", "canceled"] as const;

/** A small catalog and order book so a new store can try the integration API at once. */
export function seedDemoData(repos: Repositories, now: number): Promise<boolean> {
  const products: ProductRow[] = catalog.map(([sku, name, priceCents, quantity], index) => ({
    sku,
    name,
    priceCents,
    quantity,
    status: index === 2 ? "disabled" : "enabled",
    createdAt: now,
    updatedAt: now,
  }));
  const orders: OrderRow[] = Array.from({ length: 24 }, (_, n) => {
    const customer = customers[n % customers.length] ?? ["Demo", "demo@example.com"];
    const items: OrderItem[] = [0, 1].slice(0, 1 + (n % 2)).map((offset) => {
      const [sku, name, priceCents] = catalog[(n * 3 + offset * 5) % catalog.length] ?? catalog[0] ?? ["SKU", "Item", 100, 1];
      return { sku, name, quantity: 1 + ((n + offset) % 3), priceCents };
    });
    const at = now - (24 - n) * 5 * HOUR;
    return {
      id: 1001 + n,
      status: statuses[n % statuses.length] ?? "pending",
      customerName: customer[0] ?? "",
      customerEmail: customer[1] ?? "",
      items,
      totalCents: items.reduce((sum, item) => sum + item.quantity * item.priceCents, 0),
      currency: "EUR",
      createdAt: at,
      updatedAt: at,
    };
  });
  return repos.transaction((tx) => tx.catalog.seed(products, orders));
}
