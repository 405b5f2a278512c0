import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrder, listOrders, updateOrderStatus } from "../src/domain/catalog/orders.ts";
import { getProduct, listProducts, updateProduct } from "../src/domain/catalog/products.ts";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";
import { backends, type OpenedRepositories } from "./backends.ts";

const NOW = Date.UTC(2026, 10, 25, 12);

describe.each(backends)("the catalog on $name", (backend) => {
  let opened: OpenedRepositories;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(() => opened.close());

  it("is seeded once, even by several instances starting together", async () => {
    const seeded = await Promise.all(Array.from({ length: 4 }, () => seedDemoData(opened.repos, NOW)));
    expect(seeded.filter(Boolean)).toHaveLength(1);
    expect((await listProducts(opened.repos, { limit: 100 })).items).toHaveLength(16);
  });

  it("pages products by SKU with a cursor", async () => {
    const first = await listProducts(opened.repos, { limit: 5 });
    expect(first.items.map((p) => p.sku)).toEqual(["BEANIE-RED", "BOTTLE-STEEL", "CAP-NAVY", "HOODIE-GRY-L", "HOODIE-GRY-M"]);
    const second = await listProducts(opened.repos, { limit: 5, cursor: first.next_cursor ?? "" });
    expect(second.items[0]?.sku).toBe("JACKET-RAIN-L");
  });

  it("changes a product and says 404 for an unknown SKU", async () => {
    const changed = await updateProduct(opened.repos, NOW + 1000, "MUG-LOGO", { quantity: 7, price: 13.5 });
    expect(changed).toMatchObject({ sku: "MUG-LOGO", quantity: 7, price: 13.5, updated_at: new Date(NOW + 1000).toISOString() });
    expect(await getProduct(opened.repos, "MUG-LOGO")).toEqual(changed);
    await expect(updateProduct(opened.repos, NOW, "NO-SUCH", { quantity: 1 })).rejects.toMatchObject({ status: 404 });
  });

  it("lists orders newest first, filtered by status, and changes one", async () => {
    const pending = await listOrders(opened.repos, { limit: 3, status: "pending" });
    expect(pending.items.map((o) => o.status)).toEqual(["pending", "pending", "pending"]);
    expect(pending.items.map((o) => o.id)).toEqual(pending.items.map((o) => o.id).toSorted((a, b) => b - a));
    const first = pending.items[0];
    if (!first) throw new Error("no order");
    expect((await getOrder(opened.repos, first.id)).items).toEqual(first.items);
    expect(await updateOrderStatus(opened.repos, NOW, first.id, "shipped")).toMatchObject({ id: first.id, status: "shipped" });
    await expect(getOrder(opened.repos, 1)).rejects.toMatchObject({ status: 404 });
  });
});
