import { sqlStateOf } from "./pg/sql-state.ts";

/** How long a caller should wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

// postgres.js's own codes for a connection that could not be made or was lost.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  // Ours: the outage gate turned the call away (db/pg/outage-gate.ts).
  "DATABASE_AWAY",
]);

/**
 * Whether an error means PostgreSQL cannot be reached right now (down, restarting, out of
 * connections) rather than that the request was wrong: those calls are answered 503 with
 * Retry-After, and the instance recovers by itself when the database returns.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  }
  const state = sqlStateOf(error);
  // Class 08: connection exception; 57P01-57P03: shutting down or starting; 53300: too many connections.
  return state.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03" || state === "53300";
}

/**
 * Whether PostgreSQL refused text it cannot store: a NUL character (22021) or bytes its encoding
 * lacks (22P05). SQLite stores either; a request carrying one (a `%00` in a path) is answered 400,
 * and the statement it failed in changed nothing.
 */
export function isUnstorableText(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === "22021" || state === "22P05";
}
