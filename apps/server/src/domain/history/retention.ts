import type { Sqlite } from "../../db/client.ts";
import { DAY } from "../../lib/time.ts";

const BATCH = 5000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes history older than the retention period in small batches, giving requests a turn
 * between batches so pruning millions of rows never blocks the API.
 */
export async function pruneHistory(sqlite: Sqlite, now: number, retentionDays: number): Promise<number> {
  const cutoff = now - retentionDays * DAY;
  const batch = sqlite.prepare("delete from api_history where id in (select id from api_history where created_at < ? limit ?)");
  let removed = 0;
  for (;;) {
    const { changes } = batch.run(cutoff, BATCH);
    removed += changes;
    if (changes < BATCH) break;
    await nextTurn();
  }
  sqlite.prepare("delete from api_history_hourly where hour < ?").run(cutoff - (cutoff % 3_600_000));
  return removed;
}
