import type { ApiPage, Order, listOrdersQuerySchema } from "@gatehouse/shared";
import { and, desc, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client.ts";
import { orders } from "../../db/schema/index.ts";
import { notFound } from "../../lib/api-error.ts";
import { toIso } from "../../lib/time.ts";
import { decodeCursor, keysetPage } from "../../lib/keyset.ts";
import { isOrderId } from "./cursor.ts";
import { fromCents } from "./money.ts";

type Row = typeof orders.$inferSelect;

const toOrder = (row: Row): Order => ({
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
export function listOrders(db: Db, query: z.output<typeof listOrdersQuerySchema>): ApiPage<Order> {
  const before = query.cursor ? Number(decodeCursor(query.cursor, isOrderId)) : undefined;
  const rows = db
    .select()
    .from(orders)
    .where(and(query.status ? eq(orders.status, query.status) : undefined, before === undefined ? undefined : lt(orders.id, before)))
    .orderBy(desc(orders.id))
    .limit(query.limit + 1)
    .all();
  const page = keysetPage(rows, query.limit, (row) => row.id);
  return { items: page.rows.map(toOrder), next_cursor: page.next };
}

export function getOrder(db: Db, id: number): Order {
  const row = db.select().from(orders).where(eq(orders.id, id)).get();
  if (!row) throw notFound(`Order ${id}`);
  return toOrder(row);
}

export function updateOrderStatus(db: Db, now: number, id: number, status: Order["status"]): Order {
  const row = db.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, id)).returning().get();
  if (!row) throw notFound(`Order ${id}`);
  return toOrder(row);
}
