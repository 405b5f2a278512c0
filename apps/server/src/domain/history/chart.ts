import { chartRanges, type ApiOutcome, type ChartRange, type HistoryChart } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { toIso } from "../../lib/time.ts";
import { STORE_WIDE } from "./sqlite-recorder.ts";

/** Calls over time by outcome, from the hourly roll-up: cheap at any history size. */
export async function historyChart(repos: Repositories, now: number, range: ChartRange, credentialId?: string): Promise<HistoryChart> {
  const { spanMs, bucketMs } = chartRanges[range];
  const end = now - (now % bucketMs) + bucketMs;
  const start = end - spanMs;
  const rows = await repos.history.callsPerBucket(credentialId ?? STORE_WIDE, start, bucketMs);
  const buckets = new Map<number, Partial<Record<ApiOutcome, number>>>();
  for (let at = start; at < end; at += bucketMs) buckets.set(at, {});
  for (const row of rows) {
    const counts = buckets.get(row.bucket);
    if (counts) counts[row.outcome] = (counts[row.outcome] ?? 0) + row.calls;
  }
  return { range, bucketMs, buckets: [...buckets].map(([at, counts]) => ({ at: toIso(at), counts })) };
}
