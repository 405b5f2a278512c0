import type { ApiCall, ApiOutcome } from "@gatehouse/shared";

export type CallRecord = {
  credentialId: string | null;
  /** The username tried, kept only when it matched no credential. */
  username: string | null;
  call: ApiCall;
  ip: string;
  outcome: ApiOutcome;
  status: number;
  userAgent: string;
  /** The X-Request-Id the caller was answered with; the row keeps the last one, to match integration logs. */
  requestId: string;
  at: number;
};

/**
 * Takes every /api/v1 call off the request path. This one folds and batches in process memory
 * and writes to SQLite; a multi-node deployment would put one that ships records to a shared
 * store behind the same three methods.
 */
export type HistoryRecorder = {
  record(call: CallRecord): void;
  /** Calls recorded and not yet written (GET /metrics shows it as the queue depth). */
  queued(): number;
  /** Writes everything recorded so far (on PostgreSQL, once the promise settles). */
  flush(): void | Promise<void>;
  /** Stops the timer and flushes; nothing recorded before close() is lost. */
  close(): void | Promise<void>;
};

/** Calls per hour, credential and outcome, as a flush adds them to the roll-up. */
export type HourlyCount = { hour: number; credentialId: string; outcome: string; calls: number };

/**
 * Called after each flush has committed: `firstCalls` are the calls that started a new row (the
 * first of their credential, call, address and outcome in 60 s), `hours` what the flush added to
 * the hourly roll-up. It must return at once and do its own (asynchronous) work in the background:
 * the flush never waits for it. Off the request path by construction.
 */
export type FlushWatcher = (firstCalls: CallRecord[], hours: HourlyCount[]) => void;
