import type { Sqlite } from "../db/client.ts";

const BATCH = 5000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes the rows of `table` whose `column` is before `cutoff`, 5,000 at a time, giving
 * requests a turn between batches so pruning millions of rows never blocks the API.
 */
export async function deleteInBatches(sqlite: Sqlite, table: string, column: string, cutoff: number): Promise<number> {
  const batch = sqlite.prepare(`delete from ${table} where rowid in (select rowid from ${table} where ${column} < ? limit ?)`);
  let removed = 0;
  for (;;) {
    const { changes } = batch.run(cutoff, BATCH);
    removed += changes;
    if (changes < BATCH) return removed;
    await nextTurn();
  }
}
