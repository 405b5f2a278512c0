const BATCH = 5000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `deleteBatch` (which deletes at most `limit` rows and says how many) until a batch comes
 * back short, giving requests a turn between batches so pruning millions of rows never blocks
 * the API, on either database. Returns how many rows went in all.
 */
export async function inBatches(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let removed = 0;
  for (;;) {
    const changes = await deleteBatch(BATCH);
    removed += changes;
    if (changes < BATCH) return removed;
    await nextTurn();
  }
}
