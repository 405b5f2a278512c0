import type { Repositories } from "../../db/repositories.ts";
import { DAY, HOUR } from "../../lib/time.ts";

const BATCH = 5000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes history older than the retention period: on PostgreSQL whole months first, then row
 * by row in batches of 5,000 with a turn for requests between them, so pruning millions of rows
 * never blocks the API. Returns the rows deleted one by one and the months dropped whole.
 */
export async function pruneHistory(repos: Repositories, now: number, retentionDays: number): Promise<{ rows: number; months: string[] }> {
  const cutoff = now - retentionDays * DAY;
  const removed = { rows: 0, months: [] as string[] };
  for (;;) {
    const batch = await repos.history.pruneEntries(cutoff, BATCH);
    removed.rows += batch.rows;
    removed.months.push(...batch.months);
    if (batch.rows < BATCH) break;
    await nextTurn();
  }
  await repos.history.pruneHourly(cutoff - (cutoff % HOUR));
  return removed;
}
