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
  /** Writes everything recorded so far. */
  flush(): void;
  /** Stops the timer and flushes; nothing recorded before close() is lost. */
  close(): void;
};
