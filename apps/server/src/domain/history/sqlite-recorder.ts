import type { Sqlite } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { HOUR } from "../../lib/time.ts";
import type { CallRecord, FlushWatcher, HistoryRecorder } from "./recorder.ts";
import { MAX_ROW_SPAN_MS } from "./repository.ts";
import { maskSecrets } from "../../lib/mask-secrets.ts";

/** The hourly roll-up's row for all credentials together (store-wide charts and totals). */
export const STORE_WIDE = "*";

/** Identical calls (same credential, call, address, outcome) closer than this share a row. */
export const FOLD_WINDOW_MS = 60_000;

/**
 * Written rows kept open for folding, at most. A row holds two call records of bounded size
 * (user agent ≤ 200 characters), about 1 KB, so this caps the map near 10 MB: a flood from
 * rotating addresses grew it by 1.2 KB a request for a whole minute. Beyond it the oldest rows
 * close early, and a later identical call starts a new row — no call is lost.
 */
export const MAX_OPEN_ROWS = 10_000;

type HourBucket = { hour: number; credentialId: string; outcome: string; calls: number };

type OpenRow = {
  id: number | null;
  first: CallRecord;
  last: CallRecord;
  /** Calls not yet written. */
  pending: number;
  /**
   * The row's two hourly buckets (its credential's and the store-wide one) while they are the
   * current flush's: a folded call counts in them without building their keys again.
   */
  buckets: [HourBucket, HourBucket] | null;
  bucketsOfFlush: number;
};

/** What makes two calls one history row (with their minute on PostgreSQL). */
export const foldKey = (call: CallRecord) => `${call.credentialId ?? `?${call.username ?? ""}`}\u0000${call.call}\u0000${call.ip}\u0000${call.outcome}`;

/**
 * Folds calls in memory and writes them in one transaction per flush (every `flushEveryMs`), so
 * a request never waits on a history write and `kill -9` loses at most the last interval.
 */
export function sqliteHistoryRecorder(
  sqlite: Sqlite,
  clock: Clock,
  onError: (error: unknown) => void,
  flushEveryMs = 1000,
  /** `watcher` sees each flush's new rows once it committed (webhooks); `onFlushed` is told how long it took (metrics). */
  { watcher, onFlushed }: { watcher?: FlushWatcher; onFlushed?: (seconds: number) => void } = {},
): HistoryRecorder {
  const open = new Map<string, OpenRow>();
  const dirty = new Set<OpenRow>();
  const lastUse = new Map<string, CallRecord>();
  const hourly = new Map<string, HourBucket>();
  let queued = 0;
  /** Flushes that emptied `hourly`: a row's cached buckets from an earlier one are stale. */
  let flushes = 0;

  const bucketOf = (hour: number, credentialId: string, outcome: string) => {
    const key = `${hour}\u0000${credentialId}\u0000${outcome}`;
    let bucket = hourly.get(key);
    if (!bucket) {
      bucket = { hour, credentialId, outcome, calls: 0 };
      hourly.set(key, bucket);
    }
    return bucket;
  };

  const insert = sqlite.prepare(
    `insert into api_history (credential_id, username, call, ip, outcome, status, user_agent, last_request_id, count, created_at, updated_at)
     values (@credentialId, @username, @call, @ip, @outcome, @status, @userAgent, @lastRequestId, @count, @createdAt, @updatedAt)`,
  );
  const fold = sqlite.prepare(
    `update api_history set count = count + @count, updated_at = @updatedAt, status = @status, user_agent = @userAgent, last_request_id = @lastRequestId
     where id = @id`,
  );
  const countHour = sqlite.prepare(
    `insert into api_history_hourly (hour, credential_id, outcome, calls) values (@hour, @credentialId, @outcome, @calls)
     on conflict (hour, credential_id, outcome) do update set calls = calls + excluded.calls`,
  );
  const touch = sqlite.prepare(
    `update credentials set last_used_at = @at, last_used_ip = @ip where id = @id and (last_used_at is null or last_used_at <= @at)`,
  );

  // Returns the new row ids; memory is only updated once the transaction has committed.
  const write = sqlite.transaction((rows: OpenRow[]) => {
    const ids: number[] = [];
    for (const row of rows) {
      // Masked here, once per row a second, not on every call: a key pasted into a user agent never lands.
      // The last call wins, as for status and user agent: its id is the one an integration just logged.
      const { last } = row;
      const values = { count: row.pending, updatedAt: last.at, status: last.status, userAgent: maskSecrets(last.userAgent), lastRequestId: last.requestId };
      if (row.id === null) {
        const { first } = row;
        const result = insert.run({
          ...values,
          credentialId: first.credentialId,
          username: first.username,
          call: first.call,
          ip: first.ip,
          outcome: first.outcome,
          createdAt: first.at,
        });
        ids.push(Number(result.lastInsertRowid));
      } else {
        fold.run({ ...values, id: row.id });
        ids.push(row.id);
      }
    }
    for (const [id, use] of lastUse) touch.run({ id, at: use.at, ip: use.ip });
    for (const bucket of hourly.values()) countHour.run(bucket);
    return ids;
  });

  const flush = () => {
    if (dirty.size === 0 && lastUse.size === 0 && hourly.size === 0) return;
    const started = performance.now();
    const rows = [...dirty];
    const firstCalls = watcher ? rows.filter((row) => row.id === null).map((row) => row.first) : [];
    const hours = watcher ? [...hourly.values()] : [];
    const ids = write(rows);
    queued = 0;
    rows.forEach((row, index) => {
      row.id = ids[index] ?? row.id;
      row.pending = 0;
    });
    dirty.clear();
    lastUse.clear();
    hourly.clear();
    flushes += 1;
    const cutoff = clock() - FOLD_WINDOW_MS;
    for (const [key, row] of open) if (row.last.at < cutoff || open.size > MAX_OPEN_ROWS) open.delete(key);
    onFlushed?.((performance.now() - started) / 1000);
    watcher?.(firstCalls, hours);
  };

  // A failed flush keeps its rows for the next one; it must never take the process down.
  const timer = setInterval(() => {
    try {
      flush();
    } catch (error) {
      onError(error);
    }
  }, flushEveryMs);
  timer.unref();

  return {
    record(call) {
      queued += 1;
      const key = foldKey(call);
      let row = open.get(key);
      if (row && call.at - row.last.at < FOLD_WINDOW_MS && call.at - row.first.at < MAX_ROW_SPAN_MS) {
        row.last = call;
        row.pending += 1;
      } else {
        row = { id: null, first: call, last: call, pending: 1, buckets: null, bucketsOfFlush: -1 };
        open.set(key, row);
      }
      dirty.add(row);
      const hour = call.at - (call.at % HOUR);
      let buckets = row.buckets;
      if (buckets === null || row.bucketsOfFlush !== flushes || buckets[0].hour !== hour) {
        buckets = [bucketOf(hour, call.credentialId ?? "", call.outcome), bucketOf(hour, STORE_WIDE, call.outcome)];
        row.buckets = buckets;
        row.bucketsOfFlush = flushes;
      }
      buckets[0].calls += 1;
      buckets[1].calls += 1;
      if ((call.outcome === "ok" || call.outcome === "ip_not_listed") && call.credentialId) lastUse.set(call.credentialId, call);
    },
    queued: () => queued,
    flush,
    close() {
      clearInterval(timer);
      flush();
    },
  };
}
