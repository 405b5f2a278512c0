import { chartRanges, deniedOutcomes, type ApiOutcome, type ChartRange, type HistoryChart } from "@gatehouse/shared";
import type { Sqlite } from "../../db/client.ts";
import { toIso } from "../../lib/time.ts";
import { STORE_WIDE } from "./sqlite-recorder.ts";

/** Calls over time by outcome, from the hourly roll-up: cheap at any history size. */
export function historyChart(sqlite: Sqlite, now: number, range: ChartRange, credentialId?: string): HistoryChart {
  const { spanMs, bucketMs } = chartRanges[range];
  const end = now - (now % bucketMs) + bucketMs;
  const start = end - spanMs;
  // better-sqlite3 binds a JS number as REAL, so "hour / ?" did not round down: the 7- and 30-day
  // charts only counted calls in an hour that began a bucket. % works on integers.
  const rows = sqlite
    .prepare(
      `select hour - hour % ? as bucket, outcome, sum(calls) as calls from api_history_hourly
       where credential_id = ? and hour >= ? group by bucket, outcome`,
    )
    .all(bucketMs, credentialId ?? STORE_WIDE, start) as { bucket: number; outcome: ApiOutcome; calls: number }[];
  const buckets = new Map<number, Partial<Record<ApiOutcome, number>>>();
  for (let at = start; at < end; at += bucketMs) buckets.set(at, {});
  for (const row of rows) {
    const counts = buckets.get(row.bucket);
    if (counts) counts[row.outcome] = (counts[row.outcome] ?? 0) + row.calls;
  }
  return { range, bucketMs, buckets: [...buckets].map(([at, counts]) => ({ at: toIso(at), counts })) };
}

export const deniedSql = `(${deniedOutcomes.map((outcome) => `'${outcome}'`).join(", ")})`;
