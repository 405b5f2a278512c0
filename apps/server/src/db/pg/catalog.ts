import { and, asc, count, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { CatalogRepository } from "../../domain/catalog/repository.ts";
import type { PgExecutor } from "./client.ts";
import { orders, products } from "./schema/index.ts";

export function pgCatalog(db: PgExecutor): CatalogRepository {
  return {
    products: (from, limit) =>
      db
        .select()
        .from(products)
        .where(from === null ? undefined : gt(products.sku, from))
        .orderBy(asc(products.sku))
        .limit(limit),
    product: async (sku) => (await db.select().from(products).where(eq(products.sku, sku)))[0],
    updateProduct: async (sku, change, now) =>
      (
        await db
          .update(products)
          .set({ ...change, updatedAt: now })
          .where(eq(products.sku, sku))
          .returning()
      )[0],
    orders: (status, before, limit) =>
      db
        .select()
        .from(orders)
        .where(and(status ? eq(orders.status, status) : undefined, before === undefined ? undefined : lt(orders.id, before)))
        .orderBy(desc(orders.id))
        .limit(limit),
    order: async (id) => (await db.select().from(orders).where(eq(orders.id, id)))[0],
    updateOrderStatus: async (id, status, now) => (await db.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, id)).returning())[0],
    seed: async (productRows, orderRows) => {
      // Two instances starting with DEMO_DATA on an empty database: the lock makes one seed it.
      await db.execute(sql`lock table products in exclusive mode`);
      if (((await db.select({ n: count() }).from(products))[0]?.n ?? 0) > 0) return false;
      await db.insert(products).values(productRows);
      await db.insert(orders).values(orderRows);
      return true;
    },
  };
}
