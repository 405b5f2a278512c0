import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns.ts";

/** The store's catalog, as integrations see it. Prices are whole cents. */
export const products = sqliteTable("products", {
  sku: text("sku").primaryKey(),
  name: text("name").notNull(),
  priceCents: integer("price_cents").notNull(),
  quantity: integer("quantity").notNull(),
  status: text("status", { enum: ["enabled", "disabled"] }).notNull(),
  ...timestamps,
});

export type OrderItem = { sku: string; name: string; quantity: number; priceCents: number };

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey(),
    status: text("status", { enum: ["pending", "processing", "shipped", "complete", "canceled"] }).notNull(),
    customerName: text("customer_name").notNull(),
    customerEmail: text("customer_email").notNull(),
    items: text("items", { mode: "json" }).$type<OrderItem[]>().notNull(),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    ...timestamps,
  },
  (table) => [index("orders_status_idx").on(table.status, table.id)],
);
