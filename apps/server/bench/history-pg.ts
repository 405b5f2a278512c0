/**
 * The full-size history check on PostgreSQL: `pnpm bench:history-pg [rows]` (default 5,000,000;
 * DATABASE_URL or TEST_DATABASE_URL names the server) makes a throwaway database, seeds it with
 * generate_series (server-side, minutes rather than an hour of inserts from Node), then times every
 * History tab and Activity query through the domain and the PostgreSQL repositories, and streams
 * a CSV export of about 1,000,000 rows while sampling the heap. Writes history-pg-bench.json.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { HistoryFilters } from "@gatehouse/shared";
import { openPgStore } from "../src/db/pg/client.ts";
import { ensureHistoryPartitions } from "../src/db/pg/partitions.ts";
import { historyChart } from "../src/domain/history/chart.ts";
import { exportHistoryCsv } from "../src/domain/history/export-csv.ts";
import { listHistory } from "../src/domain/history/list.ts";
import { activitySummary } from "../src/domain/history/summary.ts";
import { encodeCursor } from "../src/lib/keyset.ts";

const rows = Number(process.argv[2] ?? 5_000_000);
const server = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!server) throw new Error("Set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server the bench may create a database on");
const DAY = 86_400_000;
const SPAN_DAYS = 89;
const CREDENTIALS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();
const cursor = (at: { at: number; id: number } | undefined) => encodeCursor(`${at?.at}.${at?.id}`);

// HISTORY_BENCH_DATABASE keeps the seeded database under that name, and reuses it on the next run.
const kept = process.env.HISTORY_BENCH_DATABASE;
const name = kept ?? `gatehouse_history_bench_${randomBytes(3).toString("hex")}`;
const admin = postgres(server, { max: 1, onnotice: () => {} });
const [exists] = await admin`select 1 as found from pg_database where datname = ${name}`;
if (!exists) await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const store = await openPgStore(url.toString());
const { sql, repos } = store;
const [newest] = await sql<{ at: number | null }[]>`select (extract(epoch from max(created_at)) * 1000)::float8 as at from api_history`;
const now = newest?.at ?? Date.now();

try {
  if (newest?.at === null) {
    process.stdout.write(`Seeding ${rows.toLocaleString("en")} history rows…\n`);
    const started = performance.now();
    await seed(sql, now);
    process.stdout.write(`Seeded in ${Math.round((performance.now() - started) / 1000)} s\n`);
  }

  const credentialId = "cred_seed0000000";
  const [deep] = await sql<{ at: number; id: number }[]>`
    select (extract(epoch from created_at) * 1000)::bigint::float8 as at, id::float8 as id from api_history where credential_id = ${credentialId}
    order by created_at desc, id desc offset (select (count(*) * 0.9)::int from api_history where credential_id = ${credentialId}) limit 1`;
  const [storeDeep] = await sql<{ at: number; id: number }[]>`
    select (extract(epoch from created_at) * 1000)::bigint::float8 as at, id::float8 as id from api_history order by created_at desc, id desc offset ${Math.min(100_000, rows / 2)} limit 1`;
  const page = (filters: HistoryFilters & { cursor?: string }) => () => listHistory(repos, { limit: 50, ...filters });
  const queries: Record<string, () => Promise<unknown>> = {
    "History tab: first page": page({ credentialId }),
    "History tab: outcome": page({ credentialId, outcome: "ip_not_allowed" }),
    "History tab: call and date range": page({ credentialId, call: "products.list", from: iso(now - 30 * DAY) }),
    "History tab: a rare outcome": page({ credentialId, outcome: "expired" }),
    "History tab: 90% deep": page({ credentialId, cursor: cursor(deep) }),
    "History tab: chart 24h": () => historyChart(repos, now, "24h", credentialId),
    "History tab: chart 30d": () => historyChart(repos, now, "30d", credentialId),
    "Activity: first page": page({}),
    "Activity: 100,000 rows deep": page({ cursor: cursor(storeDeep) }),
    "Activity: username": page({ username: "SEED-7" }),
    "Activity: unknown username": page({ username: "guess-5" }),
    "Activity: username never seen": page({ username: "nobody-at-all" }),
    "Activity: address": page({ ip: "203.0.113.9" }),
    "Activity: address never seen": page({ ip: "198.51.100.77" }),
    "Activity: outcome": page({ outcome: "rate_limited" }),
    "Activity: call": page({ call: "orders.update" }),
    "Activity: call and rare outcome": page({ call: "logout", outcome: "expired" }),
    "Activity: a week, 60 days ago": page({ from: iso(now - 67 * DAY), to: iso(now - 60 * DAY) }),
    "Activity: address and outcome with no rows": page({ ip: "203.0.113.9", outcome: "ok" }),
    "Activity: summary": () => activitySummary(repos, now),
    "Activity: chart 24h": () => historyChart(repos, now, "24h"),
    "Activity: chart 7d": () => historyChart(repos, now, "7d"),
    "Activity: chart 30d": () => historyChart(repos, now, "30d"),
  };
  const timings: Record<string, number> = {};
  for (const [label, query] of Object.entries(queries)) {
    const runs: number[] = [];
    for (let run = 0; run < 9; run += 1) {
      const at = performance.now();
      await query();
      runs.push(performance.now() - at);
    }
    timings[label] = Math.round((runs.toSorted((a, b) => a - b)[4] ?? 0) * 10) / 10;
    process.stdout.write(`${label}: ${timings[label]} ms\n`);
  }

  global.gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let bytes = 0;
  let lines = 0;
  const started = performance.now();
  await exportHistoryCsv(repos, { from: iso(now - 18 * DAY) }, async (chunk) => {
    bytes += chunk.length;
    lines += chunk.split("\r\n").length - 1;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  const exportFigure = { rows: lines - 1, bytes, seconds: Math.round((performance.now() - started) / 100) / 10, peakHeapGrowthBytes: peak - baseline };
  // Other work on the machine shows in every figure: the one-minute load average says how much.
  const result = { rows, medianMs: timings, export: exportFigure, rssMb: Math.round(process.memoryUsage().rss / 1e6), loadAverage: loadavg()[0] };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(process.cwd(), "history-pg-bench.json"), JSON.stringify(result, null, 2));
} finally {
  await store.close();
  if (!kept) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/**
 * Rows as seed.ts spreads them (evenly over 89 days, most calls ok, refusals from 250
 * addresses, a few unknown usernames, credentials used unevenly), made by the server. The
 * secondary indexes are built after the load, as a restore would.
 */
async function seed(client: postgres.Sql, at: number) {
  const start = at - SPAN_DAYS * DAY;
  await ensureHistoryPartitions(client, start, at);
  await client`select setseed(0.42)`;
  await client.unsafe(`
    insert into credentials (id, username, key_hash, key_prefix, status, scopes, created_at, updated_at)
    select 'cred_seed' || lpad(n::text, 7, '0'), 'seed-' || n, 'seedhash' || n, 'gk_Seed0', 'enabled', '["products:read"]',
      to_timestamp(${start / 1000}), to_timestamp(${start / 1000})
    from generate_series(0, ${CREDENTIALS - 1}) n`);
  const indexes = await client<{ name: string; definition: string }[]>`
    select indexname as name, indexdef as definition from pg_indexes
    where tablename = 'api_history' and indexname like 'api_history\\_%\\_idx'`;
  for (const index of indexes) await client.unsafe(`drop index ${index.name}`);
  const calls = ["login", "logout", "session", "products.list", "products.get", "products.update", "orders.list", "orders.get", "orders.update"];
  const BATCH = 500_000;
  for (let from = 0; from < rows; from += BATCH) {
    await client.unsafe(`
      insert into api_history (credential_id, username, call, ip, outcome, status, user_agent, count, created_at, updated_at, window_start)
      select case when unknown then null else 'cred_seed' || lpad(floor(random() ^ 2 * ${CREDENTIALS})::int::text, 7, '0') end,
        case when unknown then 'guess-' || (n % 97) end,
        (array['${calls.join("','")}'])[1 + floor(random() * ${calls.length})::int],
        case when outcome = 'ok' then '10.0.' || floor(random() * 4)::int || '.' || (1 + floor(random() * 250)::int)
          else '203.0.113.' || (1 + floor(random() * 250)::int) end,
        outcome, case when outcome = 'ok' then 200 else 401 end, 'seed/1.0', 1 + floor(random() * 5)::int,
        created, created + interval '1 second', date_trunc('minute', created)
      from (
        select n, created, outcome, outcome = 'unauthorized' and random() < 0.3 as unknown
        from (
          select n, to_timestamp((${start} + floor(n::float8 / ${rows} * ${SPAN_DAYS * DAY})) / 1000) as created, random() as roll
          from generate_series(${from}, ${Math.min(from + BATCH, rows) - 1}) n
        ) numbered,
        lateral (select case when roll < 0.84 then 'ok' when roll < 0.88 then 'unauthorized' when roll < 0.92 then 'ip_not_allowed'
          when roll < 0.95 then 'invalid_token' when roll < 0.97 then 'insufficient_scope' when roll < 0.99 then 'rate_limited'
          when roll < 0.995 then 'disabled' else 'expired' end as outcome) picked
      ) drawn
      on conflict do nothing`);
    process.stdout.write(`  ${Math.min(from + BATCH, rows).toLocaleString("en")}\n`);
  }
  // pg_indexes shows a partitioned table's index as made ON ONLY the parent; built here on every month.
  for (const index of indexes) await client.unsafe(index.definition.replace(" ON ONLY ", " ON "));
  await client.unsafe(`
    insert into api_history_hourly (hour, credential_id, outcome, calls)
    select date_trunc('hour', created_at), coalesce(credential_id, ''), outcome, sum(count) from api_history group by 1, 2, 3
    union all
    select date_trunc('hour', created_at), '*', outcome, sum(count) from api_history group by 1, 3`);
  await client`vacuum analyze api_history`;
  await client`analyze api_history_hourly`;
  await client`analyze credentials`;
}
