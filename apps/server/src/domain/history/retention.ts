import type { Sqlite } from "../../db/client.ts";
import { deleteInBatches } from "../../lib/delete-in-batches.ts";
import { DAY } from "../../lib/time.ts";

/** Deletes history older than the retention period, in batches that never block the API for long. */
export async function pruneHistory(sqlite: Sqlite, now: number, retentionDays: number): Promise<number> {
  const cutoff = now - retentionDays * DAY;
  const removed = await deleteInBatches(sqlite, "api_history", "created_at", cutoff);
  sqlite.prepare("delete from api_history_hourly where hour < ?").run(cutoff - (cutoff % 3_600_000));
  return removed;
}
