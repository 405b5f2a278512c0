import type { ApiPage, Order, listOrdersQuerySchema } from "@gatehouse/shared";
import type { z } from "zod";
import type { Repositories } from "../../db/repositories.ts";
import { notFound } from "../../lib/api-error.ts";
import { toIso } from "../../lib/time.ts";
import { decodeCursor, keysetPage } from "../../lib/keyset.ts";
import { isOrderId } from "./cursor.ts";
import { fromCents } from "./money.ts";
import type { OrderRow } from "./repository.ts";

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  status: row.status,
  customer: { name: row.customerName, email: row.customerEmail },
  items: row.items.map((item) => ({ sku: item.sku, name: item.name, quantity: item.quantity, price: fromCents(item.priceCents) })),
  total: fromCents(row.totalCents),
  currency: row.currency,
  created_at: toIso(row.createdAt),
  updated_at: toIso(row.updatedAt),
});

/** Newest first, optionally one status. */
export async function listOrders(repos: Repositories, query: z.output<typeof listOrdersQuerySchema>): Promise<ApiPage<Order>> {
  const before = query.cursor ? Number(decodeCursor(query.cursor, isOrderId)) : undefined;
  const rows = await repos.catalog.orders(query.status, before, query.limit + 1);
  const page = keysetPage(rows, query.limit, (row) => row.id);
  return { items: page.rows.map(toOrder), next_cursor: page.next };
}

export async function getOrder(repos: Repositories, id: number): Promise<Order> {
  const row = await repos.catalog.order(id);
  if (!row) throw notFound(`Order ${id}`);
  return toOrder(row);
}

export async function updateOrderStatus(repos: Repositories, now: number, id: number, status: Order["status"]): Promise<Order> {
  const row = await repos.catalog.updateOrderStatus(id, status, now);
  if (!row) throw notFound(`Order ${id}`);
  return toOrder(row);
}
