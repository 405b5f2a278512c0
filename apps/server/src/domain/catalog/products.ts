import type { ApiPage, Product, listProductsQuerySchema, updateProductSchema } from "@gatehouse/shared";
import { asc, eq, gt, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client.ts";
import { products } from "../../db/schema/index.ts";
import { notFound } from "../../lib/api-error.ts";
import { maskSecrets } from "../../lib/mask-secrets.ts";
import { toIso } from "../../lib/time.ts";
import { decodeCursor, keysetPage } from "../../lib/keyset.ts";
import { isSku } from "./cursor.ts";
import { fromCents, toCents } from "./money.ts";

type Row = typeof products.$inferSelect;

const toProduct = (row: Row): Product => ({
  sku: row.sku,
  name: row.name,
  price: fromCents(row.priceCents),
  quantity: row.quantity,
  status: row.status,
  updated_at: toIso(row.updatedAt),
});

// Prepared once per database: integrations list products on every sync.
const statements = new WeakMap<Db, ReturnType<typeof prepareStatements>>();
const prepareStatements = (db: Db) => ({
  first: db.select().from(products).orderBy(asc(products.sku)).limit(sql.placeholder("limit")).prepare(),
  after: db
    .select()
    .from(products)
    .where(gt(products.sku, sql.placeholder("after")))
    .orderBy(asc(products.sku))
    .limit(sql.placeholder("limit"))
    .prepare(),
  one: db
    .select()
    .from(products)
    .where(eq(products.sku, sql.placeholder("sku")))
    .prepare(),
});
const prepared = (db: Db) => {
  let found = statements.get(db);
  if (!found) statements.set(db, (found = prepareStatements(db)));
  return found;
};

export function listProducts(db: Db, query: z.output<typeof listProductsQuerySchema>): ApiPage<Product> {
  const { first, after } = prepared(db);
  const rows = query.cursor ? after.all({ after: decodeCursor(query.cursor, isSku), limit: query.limit + 1 }) : first.all({ limit: query.limit + 1 });
  const page = keysetPage(rows, query.limit, (row) => row.sku);
  return { items: page.rows.map(toProduct), next_cursor: page.next };
}

export function getProduct(db: Db, sku: string): Product {
  const row = prepared(db).one.get({ sku });
  if (!row) throw notFound(`Product ${maskSecrets(sku)}`);
  return toProduct(row);
}

export function updateProduct(db: Db, now: number, sku: string, change: z.output<typeof updateProductSchema>): Product {
  const row = db
    .update(products)
    .set({
      updatedAt: now,
      ...(change.quantity === undefined ? {} : { quantity: change.quantity }),
      ...(change.price === undefined ? {} : { priceCents: toCents(change.price) }),
      ...(change.status === undefined ? {} : { status: change.status }),
    })
    .where(eq(products.sku, sku))
    .returning()
    .get();
  if (!row) throw notFound(`Product ${maskSecrets(sku)}`);
  return toProduct(row);
}
