import type { CallRecord } from "./recorder.ts";
import type { ApiCall, ApiOutcome } from "@gatehouse/shared";
import type { HourlyCount } from "./recorder.ts";

/** A history row, with its credential's current username and deletion as the lists show them. */
export type HistoryEntry = {
  id: number;
  credentialId: string | null;
  username: string | null;
  credentialUsername: string | null;
  credentialDeletedAt: number | null;
  call: string;
  ip: string;
  outcome: string;
  status: number;
  userAgent: string;
  lastRequestId: string | null;
  count: number;
  createdAt: number;
  updatedAt: number;
};

/**
 * The history filters as the database applies them: every one an equality or a range on an
 * indexed column. A username was already turned into its credentials' ids (filters.ts).
 */
export type EntryFilter = {
  credentialIds?: string[];
  /**
   * A username: the rows without a credential made with it (unknown, or before its key existed,
   * or after it was deleted). With `credentialIds`, rows of either.
   */
  attemptedUsername?: string;
  call?: ApiCall;
  ip?: string;
  outcome?: ApiOutcome;
  /**
   * A date range keeps every row with a call in it: its last call (Date Modified) at or after
   * `from`, its first (Date Added) at or before `to`. A row spans at most MAX_ROW_SPAN_MS, so
   * `addedFrom` (`from` less that) bounds the index range on Date Added.
   */
  from?: number;
  addedFrom?: number;
  to?: number;
};

/**
 * The longest a history row runs from its first call to its last: a key called without a pause
 * starts a new row each hour. Unbounded, one row held a whole day of calls under its first
 * call's date, and a date range inside that day did not show it (a review's find).
 */
export const MAX_ROW_SPAN_MS = 60 * 60 * 1000;

/** Where a page ended: lists are newest first by (created_at, id). */
export type EntryPosition = { createdAt: number; id: number };

export type BucketCount = { bucket: number; outcome: ApiOutcome; calls: number };

/** The first few credentials of an Activity card, and how many there are in all. */
export type KeyList<Row> = { rows: Row[]; count: number };
export type UnusedKey = { id: string; username: string; lastUsedAt: number | null; createdAt: number };
export type ExpiringKey = { id: string; username: string; expiresAt: number };
export type NeverUsedKey = { id: string; username: string; createdAt: number };

/** A row as seed.ts makes it, for benchmarks and tests. */
export type SeedEntry = Omit<CallRecord, "userAgent" | "requestId"> & { count: number };

/** The history of /api/v1 calls as the History tab, the Activity page and retention read it. */
export type HistoryRepository = {
  /** Newest first, after `after` when given, at most `limit`. */
  entries(filter: EntryFilter, after: EntryPosition | null, limit: number): Promise<HistoryEntry[]>;
  /** Ids of the credentials (live or deleted) of this username, ignoring case. */
  credentialIdsNamed(username: string): Promise<string[]>;
  /** The allow list entries of these credentials, each list in its order. */
  allowLists(credentialIds: string[]): Promise<Map<string, string[]>>;
  /** From the hourly roll-up: calls of `credentialId` (or STORE_WIDE) since `since`, per bucket of `bucketMs` and outcome. */
  callsPerBucket(credentialId: string, since: number, bucketMs: number): Promise<BucketCount[]>;
  /** From the hourly roll-up: calls of `credentialId` since `since`, and how many of them were refused. */
  callTotals(credentialId: string, since: number): Promise<{ calls: number; denied: number }>;
  /** The addresses refused most often since `since`, most calls first. */
  topDeniedAddresses(since: number, limit: number): Promise<{ ip: string; calls: number }[]>;
  /** Live keys created before `cutoff` and unused since it, least recently used first. */
  unusedKeys(cutoff: number, limit: number): Promise<KeyList<UnusedKey>>;
  /** Live keys expiring after `now` and by `until`, soonest first. */
  expiringKeys(now: number, until: number, limit: number): Promise<KeyList<ExpiringKey>>;
  /** Live, unexpired keys never used, oldest first. */
  neverUsedKeys(now: number, limit: number): Promise<KeyList<NeverUsedKey>>;
  /** Adds enabled credentials with these ids (named seed-<n>) unless they exist. */
  seedCredentials(ids: string[], at: number): Promise<void>;
  /** Writes the rows in order, as fast as the database takes a bulk load. */
  seedEntries(rows: Iterable<SeedEntry>): Promise<void>;
  /** Adds these counts to the hourly roll-up. */
  addHourly(hours: HourlyCount[]): Promise<void>;
  /**
   * Removes rows created before `cutoff`: at most `batch` one by one (call again while `rows`
   * is `batch`), and on PostgreSQL first every month that ended before it, whole.
   */
  pruneEntries(cutoff: number, batch: number): Promise<{ rows: number; months: string[] }>;
  /** Removes hourly counts of hours before `hour`. */
  pruneHourly(hour: number): Promise<number>;
};
