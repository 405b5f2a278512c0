import type { ApiPage, Product, listProductsQuerySchema, updateProductSchema } from "@gatehouse/shared";
import type { z } from "zod";
import type { Repositories } from "../../db/repositories.ts";
import { notFound } from "../../lib/api-error.ts";
import { maskSecrets } from "../../lib/mask-secrets.ts";
import { toIso } from "../../lib/time.ts";
import { decodeCursor, keysetPage } from "../../lib/keyset.ts";
import { isSku } from "./cursor.ts";
import { fromCents, toCents } from "./money.ts";
import type { ProductRow } from "./repository.ts";

const toProduct = (row: ProductRow): Product => ({
  sku: row.sku,
  name: row.name,
  price: fromCents(row.priceCents),
  quantity: row.quantity,
  status: row.status,
  updated_at: toIso(row.updatedAt),
});

export async function listProducts(repos: Repositories, query: z.output<typeof listProductsQuerySchema>): Promise<ApiPage<Product>> {
  const rows = await repos.catalog.products(query.cursor ? decodeCursor(query.cursor, isSku) : null, query.limit + 1);
  const page = keysetPage(rows, query.limit, (row) => row.sku);
  return { items: page.rows.map(toProduct), next_cursor: page.next };
}

export async function getProduct(repos: Repositories, sku: string): Promise<Product> {
  const row = await repos.catalog.product(sku);
  if (!row) throw notFound(`Product ${maskSecrets(sku)}`);
  return toProduct(row);
}

export async function updateProduct(repos: Repositories, now: number, sku: string, change: z.output<typeof updateProductSchema>): Promise<Product> {
  const row = await repos.catalog.updateProduct(
    sku,
    {
      ...(change.quantity === undefined ? {} : { quantity: change.quantity }),
      ...(change.price === undefined ? {} : { priceCents: toCents(change.price) }),
      ...(change.status === undefined ? {} : { status: change.status }),
    },
    now,
  );
  if (!row) throw notFound(`Product ${maskSecrets(sku)}`);
  return toProduct(row);
}
