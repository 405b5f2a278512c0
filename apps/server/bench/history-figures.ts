import type { HistoryPage } from "@gatehouse/shared";
import type { Sqlite } from "../src/db/client.ts";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { encodeCursor } from "../src/lib/keyset.ts";

type Call = (method: string, path: string) => Promise<Response> | Response;
export type PageFigure = { medianMs: number; rows: number };

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timePage(call: Call, path: string, runs = 9): Promise<PageFigure> {
  const timings: number[] = [];
  let rows = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const page = (await (await call("GET", path)).json()) as Partial<HistoryPage> & { buckets?: unknown[] };
    timings.push(performance.now() - started);
    rows = page.items?.length ?? page.buckets?.length ?? 0;
  }
  return { medianMs: Math.round(median(timings) * 10) / 10, rows };
}

/** Where the deep pages start, and the newest row's time: read from the database being measured. */
export type HistoryMarks = { deep: Position | undefined; storeDeep: Position | undefined; newest: number };
type Position = { created_at: number; id: number };

/** A query on the database being measured, `?` for parameters, rows as SQLite gives them. */
export type ReadRows = (query: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** SQLite's ReadRows. */
export const sqliteRows =
  (sqlite: Sqlite): ReadRows =>
  async (query, params = []) =>
    sqlite.prepare(query).all(...params) as Record<string, unknown>[];

const position = (row: Record<string, unknown> | undefined): Position | undefined =>
  row ? { created_at: Number(row.created_at), id: Number(row.id) } : undefined;

export async function historyMarks(read: ReadRows, credentialId: string): Promise<HistoryMarks> {
  const [count] = await read("select count(*) as n from api_history where credential_id = ?", [credentialId]);
  const deep = position(
    (
      await read("select created_at, id from api_history where credential_id = ? order by created_at desc, id desc limit 1 offset ?", [
        credentialId,
        Math.floor(Number(count?.n) * 0.9),
      ])
    )[0],
  );
  const storeDeep = position((await read("select created_at, id from api_history order by created_at desc, id desc limit 1 offset 100000"))[0]);
  const [newest] = await read("select max(created_at) as at from api_history");
  return { deep, storeDeep, newest: Number(newest?.at) };
}

/**
 * Times the History tab's queries through the admin API (session check and JSON included, so
 * these are upper bounds of server time) and streams a CSV export while sampling the heap.
 */
export async function measureHistory(call: Call, { deep, storeDeep, newest }: HistoryMarks, credentialId: string, exportQuery = "") {
  const monthAgo = encodeURIComponent(new Date(newest - 30 * 86_400_000).toISOString());
  const pages = {
    "the History tab's first page": await timePage(call, `/api/admin/history?credentialId=${credentialId}`),
    "a filtered page (outcome)": await timePage(call, `/api/admin/history?credentialId=${credentialId}&outcome=ip_not_allowed`),
    "a filtered page (call and date range)": await timePage(call, `/api/admin/history?credentialId=${credentialId}&call=products.list&from=${monthAgo}`),
    "a deep page (90% down the credential's history)": await timePage(
      call,
      `/api/admin/history?credentialId=${credentialId}&cursor=${encodeCursor(`${deep?.created_at}.${deep?.id}`)}`,
    ),
    "the Activity page's first page": await timePage(call, "/api/admin/history"),
    "an Activity page 100,000 rows deep": await timePage(call, `/api/admin/history?cursor=${encodeCursor(`${storeDeep?.created_at}.${storeDeep?.id}`)}`),
    "the 30-day chart": await timePage(call, "/api/admin/history/chart?range=30d"),
  };

  // What the export holds, not the garbage it leaves: the heap is sampled after a collection every
  // 16 chunks (2,000 rows each). Sampled without one, PostgreSQL's export showed +89 MB on 250,000
  // rows against +21 MB with one every 10 chunks: rows read across a network wait outlive the
  // young generation and wait for a full collection, which V8 puts off while the heap is small.
  const collect = garbageCollector();
  collect();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let bytes = 0;
  let lines = 0;
  let chunks = 0;
  const started = performance.now();
  const response = await call("GET", `/api/admin/history/export.csv${exportQuery}`);
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    bytes += chunk.value.byteLength;
    for (const byte of chunk.value) if (byte === 10) lines += 1;
    if (++chunks % 16 !== 0) continue;
    collect();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const exportFigure = { rows: lines - 1, bytes, seconds: Math.round((performance.now() - started) / 100) / 10, peakHeapGrowthBytes: peak - baseline };
  return { pages, export: exportFigure };
}

/** V8's full collection, exposed at run time (tests run without --expose-gc). */
function garbageCollector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
