import type { Sqlite } from "../db/client.ts";
import { inBatches } from "./in-batches.ts";

/** Deletes the rows of `table` whose `column` is before `cutoff`, in batches (see in-batches.ts). */
export function deleteInBatches(sqlite: Sqlite, table: string, column: string, cutoff: number): Promise<number> {
  const batch = sqlite.prepare(`delete from ${table} where rowid in (select rowid from ${table} where ${column} < ? limit ?)`);
  return inBatches(async (limit) => batch.run(cutoff, limit).changes);
}
