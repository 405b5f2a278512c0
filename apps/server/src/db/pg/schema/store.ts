import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { OrderItem } from "../../schema/store.ts";
import { timestamps } from "./columns.ts";

export const products = pgTable("products", {
  sku: text("sku").primaryKey(),
  name: text("name").notNull(),
  priceCents: integer("price_cents").notNull(),
  quantity: integer("quantity").notNull(),
  status: text("status", { enum: ["enabled", "disabled"] }).notNull(),
  ...timestamps,
});

export const orders = pgTable(
  "orders",
  {
    id: integer("id").primaryKey(),
    status: text("status", { enum: ["pending", "processing", "shipped", "complete", "canceled"] }).notNull(),
    customerName: text("customer_name").notNull(),
    customerEmail: text("customer_email").notNull(),
    items: jsonb("items").$type<OrderItem[]>().notNull(),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    ...timestamps,
  },
  (table) => [index("orders_status_idx").on(table.status, table.id)],
);
