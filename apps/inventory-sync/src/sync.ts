import type { GatehouseClient } from "./client.ts";

type Product = { sku: string; quantity: number };
type Page = { items: Product[]; next_cursor: string | null };

export type SyncResult = { updated: { sku: string; from: number; to: number }[]; unchanged: number; unknown: string[] };

/** Brings the store's stock in line with the warehouse's counts, touching only what differs. */
export async function syncStock(client: GatehouseClient, warehouse: Record<string, number>): Promise<SyncResult> {
  const store = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: Page = await client.request<Page>("GET", `/products?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    for (const product of page.items) store.set(product.sku, product.quantity);
    cursor = page.next_cursor;
  } while (cursor);

  const result: SyncResult = { updated: [], unchanged: 0, unknown: [] };
  for (const [sku, count] of Object.entries(warehouse)) {
    const current = store.get(sku);
    if (current === undefined) result.unknown.push(sku);
    else if (current === count) result.unchanged += 1;
    else {
      await client.request("PATCH", `/products/${encodeURIComponent(sku)}`, { quantity: count });
      result.updated.push({ sku, from: current, to: count });
    }
  }
  return result;
}
