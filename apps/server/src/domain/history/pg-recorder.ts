import type { PgSql } from "../../db/pg/client.ts";
import { ensureHistoryPartitions } from "../../db/pg/partitions.ts";
import { sqlStateOf } from "../../db/pg/sql-state.ts";
import { maskSecrets } from "../../lib/mask-secrets.ts";
import { HOUR, MINUTE } from "../../lib/time.ts";
import type { CallRecord, FlushWatcher, HistoryRecorder } from "./recorder.ts";
import { foldKey, STORE_WIDE } from "./sqlite-recorder.ts";

type Bucket = { hour: number; credentialId: string; outcome: string; calls: number };
/**
 * A history row as this instance has folded it since its last flush, with its two hourly buckets
 * (its credential's and the store-wide one) while they are this flush's: a folded call counts in
 * them without building their keys again.
 */
type Pending = { first: CallRecord; last: CallRecord; count: number; windowStart: number; buckets: [Bucket, Bucket] | null };
type LastUse = { at: number; ip: string };

/**
 * Pending rows kept while PostgreSQL is away, at most. Folding bounds them for repeated calls;
 * a flood from rotating addresses during an outage could not grow the process past this.
 */
export const MAX_PENDING_ROWS = 100_000;

const rowKey = (call: CallRecord, windowStart: number) => `${foldKey(call)}\u0000${windowStart}`;
const iso = (ms: number) => new Date(ms).toISOString();
/** What PostgreSQL answers for a row whose month has no partition (23514, check_violation). */
const NO_PARTITION = "23514";

/**
 * History on PostgreSQL, shared by several instances. Each folds its calls in memory by what
 * they are and their minute, and once a second writes everything in ONE statement: a multi-row
 * upsert that adds its counts to the row other instances may be folding too, the hourly counts
 * likewise, and each credential's last use. Inputs are sorted, so two instances' statements
 * lock rows in the same order and cannot deadlock. A failed flush puts its rows back for the
 * next one (PostgreSQL away: nothing is lost while it returns within MAX_PENDING_ROWS).
 * `watcher` sees each written flush: every row's first call (a row is a key, call, address and
 * outcome in a minute, as on SQLite) and the hourly counts added; `onFlushed` how long it took
 * (metrics). With `ownsConnection`, close() also ends `sql`, which was opened for the recorder.
 */
export function pgHistoryRecorder(
  sql: PgSql,
  onError: (error: unknown) => void,
  flushEveryMs = 1000,
  { watcher, onFlushed, ownsConnection = false }: { watcher?: FlushWatcher; onFlushed?: (seconds: number) => void; ownsConnection?: boolean } = {},
) {
  let rows = new Map<string, Pending>();
  /** This flush's row for each credential, call, address and outcome, in the minute it was last seen: the fast path of a folded call. */
  let current = new Map<string, Pending>();
  let hourly = new Map<string, Bucket>();
  let lastUse = new Map<string, LastUse>();
  let queue: Promise<void> = Promise.resolve();
  let dropped = 0;

  /** The row `row` folds into (itself when new), or null when it was dropped. */
  const addRow = (key: string, row: Pending): Pending | null => {
    const same = rows.get(key);
    if (!same) {
      if (rows.size >= MAX_PENDING_ROWS) {
        dropped += row.count;
        return null;
      }
      rows.set(key, row);
      return row;
    }
    fold(same, row.first, row.last, row.count);
    return same;
  };
  const fold = (into: Pending, first: CallRecord, last: CallRecord, count: number) => {
    into.count += count;
    if (first.at < into.first.at) into.first = first;
    if (last.at >= into.last.at) into.last = last;
  };
  const bucketOf = (hour: number, credentialId: string, outcome: string) => {
    const key = `${hour}\u0000${credentialId}\u0000${outcome}`;
    let bucket = hourly.get(key);
    if (!bucket) hourly.set(key, (bucket = { hour, credentialId, outcome, calls: 0 }));
    return bucket;
  };
  const addBucket = (bucket: Bucket) => {
    bucketOf(bucket.hour, bucket.credentialId, bucket.outcome).calls += bucket.calls;
  };
  const addUse = (id: string, use: LastUse) => {
    const same = lastUse.get(id);
    if (!same || same.at <= use.at) lastUse.set(id, use);
  };

  async function write() {
    if (rows.size === 0 && hourly.size === 0 && lastUse.size === 0) return;
    const taken = { rows, hourly, lastUse };
    rows = new Map();
    current = new Map();
    hourly = new Map();
    lastUse = new Map();
    const started = performance.now();
    try {
      await upsertCreatingMonths(sql, taken.rows, taken.hourly, taken.lastUse);
    } catch (error) {
      // Back in, beside whatever arrived meanwhile: the next flush writes both. The rows' buckets
      // were the taken flush's: they are looked up again (in the buckets put back here).
      for (const [key, row] of taken.rows) addRow(key, { ...row, buckets: null });
      for (const bucket of taken.hourly.values()) addBucket(bucket);
      for (const [id, use] of taken.lastUse) addUse(id, use);
      throw error;
    }
    onFlushed?.((performance.now() - started) / 1000);
    watcher?.(
      [...taken.rows.values()].map((row) => row.first),
      [...taken.hourly.values()],
    );
  }

  /** Writes everything recorded so far: one write at a time, each caller waiting for its own. */
  function flush(): Promise<void> {
    const mine = queue.then(write);
    queue = mine.catch(() => {});
    return mine;
  }

  const timer = setInterval(() => flush().catch(onError), flushEveryMs);
  timer.unref();

  return {
    record(call: CallRecord) {
      const windowStart = call.at - (call.at % MINUTE);
      const fast = foldKey(call);
      let row: Pending | null | undefined = current.get(fast);
      if (row !== undefined && row.windowStart === windowStart) fold(row, call, call, 1);
      else {
        // Null when dropped (PostgreSQL away too long): the hourly counts still take the call.
        row = addRow(rowKey(call, windowStart), { first: call, last: call, count: 1, windowStart, buckets: null });
        if (row) current.set(fast, row);
      }
      const hour = call.at - (call.at % HOUR);
      let buckets = row?.buckets ?? null;
      if (buckets === null || buckets[0].hour !== hour) {
        buckets = [bucketOf(hour, call.credentialId ?? "", call.outcome), bucketOf(hour, STORE_WIDE, call.outcome)];
        if (row) row.buckets = buckets;
      }
      buckets[0].calls += 1;
      buckets[1].calls += 1;
      if ((call.outcome === "ok" || call.outcome === "ip_not_listed") && call.credentialId) addUse(call.credentialId, call);
    },
    flush,
    async close() {
      clearInterval(timer);
      try {
        await flush();
      } finally {
        if (ownsConnection) await sql.end({ timeout: 5 });
      }
    },
    /** Calls not recorded because PostgreSQL was away for longer than MAX_PENDING_ROWS allows. */
    dropped: () => dropped,
    /** Calls recorded and not yet written (read when metrics are scraped). */
    queued: () => {
      let calls = 0;
      for (const row of rows.values()) calls += row.count;
      return calls;
    },
  } satisfies HistoryRecorder & Record<string, unknown>;
}

/**
 * Start creates this month's partition and the next two; an instance up for longer than that (or
 * whose clock jumped) meets a month without one on its first flush there: it creates the months
 * its rows need, two ahead again, and writes the same statement once more.
 */
async function upsertCreatingMonths(sql: PgSql, rows: Map<string, Pending>, hourly: Map<string, Bucket>, lastUse: Map<string, LastUse>) {
  try {
    await upsert(sql, rows, hourly, lastUse);
  } catch (error) {
    if (sqlStateOf(error) !== NO_PARTITION || rows.size === 0) throw error;
    let [from, to] = [Infinity, -Infinity];
    for (const { windowStart } of rows.values()) [from, to] = [Math.min(from, windowStart), Math.max(to, windowStart)];
    await ensureHistoryPartitions(sql, from, to);
    await upsert(sql, rows, hourly, lastUse);
  }
}

async function upsert(sql: PgSql, rows: Map<string, Pending>, hourly: Map<string, Bucket>, lastUse: Map<string, LastUse>) {
  const history = [...rows.entries()].toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  const hours = [...hourly.values()].toSorted((a, b) => a.hour - b.hour || compare(a.credentialId, b.credentialId) || compare(a.outcome, b.outcome));
  const uses = [...lastUse.entries()].toSorted(([a], [b]) => compare(a, b));
  const column = <T>(pick: (row: Pending) => T) => history.map(pick);
  await sql`
    with calls as (
      select * from unnest(
        ${column((row) => row.first.credentialId)}::text[], ${column((row) => row.first.username)}::text[],
        ${column((row) => row.first.call)}::text[], ${column((row) => row.first.ip)}::text[], ${column((row) => row.first.outcome)}::text[],
        ${column((row) => row.last.status)}::int[], ${column((row) => maskSecrets(row.last.userAgent))}::text[],
        ${column((row) => row.last.requestId)}::text[], ${column((row) => row.count)}::int[],
        ${column((row) => iso(row.first.at))}::timestamptz[], ${column((row) => iso(row.last.at))}::timestamptz[],
        ${column((row) => iso(row.windowStart))}::timestamptz[]
      ) with ordinality as c(credential_id, username, call, ip, outcome, status, user_agent, last_request_id, count, created_at, updated_at, window_start, n)
    ), folded as (
      insert into api_history (credential_id, username, call, ip, outcome, status, user_agent, last_request_id, count, created_at, updated_at, window_start)
      select credential_id, username, call, ip, outcome, status, user_agent, last_request_id, count, created_at, updated_at, window_start from calls order by n
      on conflict (credential_id, username, call, ip, outcome, window_start) do update set
        count = api_history.count + excluded.count,
        created_at = least(api_history.created_at, excluded.created_at),
        updated_at = greatest(api_history.updated_at, excluded.updated_at),
        status = case when excluded.updated_at >= api_history.updated_at then excluded.status else api_history.status end,
        user_agent = case when excluded.updated_at >= api_history.updated_at then excluded.user_agent else api_history.user_agent end,
        last_request_id = case when excluded.updated_at >= api_history.updated_at then excluded.last_request_id else api_history.last_request_id end
      returning 1
    ), hours as (
      insert into api_history_hourly (hour, credential_id, outcome, calls)
      select * from unnest(
        ${hours.map((bucket) => iso(bucket.hour))}::timestamptz[], ${hours.map((bucket) => bucket.credentialId)}::text[],
        ${hours.map((bucket) => bucket.outcome)}::text[], ${hours.map((bucket) => bucket.calls)}::bigint[]
      )
      on conflict (hour, credential_id, outcome) do update set calls = api_history_hourly.calls + excluded.calls
      returning 1
    ), used as (
      update credentials set last_used_at = u.at, last_used_ip = u.ip
      from unnest(${uses.map(([id]) => id)}::text[], ${uses.map(([, use]) => iso(use.at))}::timestamptz[], ${uses.map(([, use]) => use.ip)}::text[]) as u(id, at, ip)
      where credentials.id = u.id and (credentials.last_used_at is null or credentials.last_used_at <= u.at)
      returning 1
    )
    select (select count(*) from folded) as rows, (select count(*) from hours) as hours, (select count(*) from used) as used`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
