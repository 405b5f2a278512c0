import { and, asc, count, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { CatalogRepository } from "../../domain/catalog/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { orders, products } from "../schema/index.ts";

export function sqliteCatalog(db: Db): Synchronous<CatalogRepository> {
  // Prepared once: integrations list products on every sync.
  const first = db.select().from(products).orderBy(asc(products.sku)).limit(sql.placeholder("limit")).prepare();
  const after = db
    .select()
    .from(products)
    .where(gt(products.sku, sql.placeholder("after")))
    .orderBy(asc(products.sku))
    .limit(sql.placeholder("limit"))
    .prepare();
  const one = db
    .select()
    .from(products)
    .where(eq(products.sku, sql.placeholder("sku")))
    .prepare();
  return {
    products: (from, limit) => (from === null ? first.all({ limit }) : after.all({ after: from, limit })),
    product: (sku) => one.get({ sku }),
    updateProduct: (sku, change, now) =>
      db
        .update(products)
        .set({ ...change, updatedAt: now })
        .where(eq(products.sku, sku))
        .returning()
        .get(),
    orders: (status, before, limit) =>
      db
        .select()
        .from(orders)
        .where(and(status ? eq(orders.status, status) : undefined, before === undefined ? undefined : lt(orders.id, before)))
        .orderBy(desc(orders.id))
        .limit(limit)
        .all(),
    order: (id) => db.select().from(orders).where(eq(orders.id, id)).get(),
    updateOrderStatus: (id, status, now) => db.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, id)).returning().get(),
    seed: (productRows, orderRows) => {
      if ((db.select({ n: count() }).from(products).get()?.n ?? 0) > 0) return false;
      db.insert(products).values(productRows).run();
      db.insert(orders).values(orderRows).run();
      return true;
    },
  };
}
