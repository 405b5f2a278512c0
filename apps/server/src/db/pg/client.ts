import { resolve } from "node:path";
import { drizzle, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import type { PgDatabase } from "drizzle-orm/pg-core";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { packageRoot } from "../../lib/package-root.ts";
import { DatabaseOpenError, newerThanThisVersion } from "../client.ts";
import { ensureHistoryPartitions } from "./partitions.ts";
import { gatedRepositories, outageGate } from "./outage-gate.ts";
import * as schema from "./schema/index.ts";
import type { Repositories } from "../repositories.ts";
import { pgRepositories } from "./repositories.ts";

/**
 * postgres.js, not pg: measured on the 2-core machine with 32 callers on 10 connections, point
 * selects by primary key ran at 22,400/s against pg's 15,200/s (warm, prepared in both).
 */
export type PgSql = postgres.Sql;
export type PgDb = ReturnType<typeof drizzle<typeof schema>>;
/** The pool or a transaction on it: what the repositories run their statements on. */
export type PgExecutor = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;
/**
 * `url` names the database; `connectAlone` opens a connection of its own for a part that needs
 * one (the history recorder), so that nothing outside this module loads postgres.js. `close`
 * ends every connection the store opened.
 */
export type PgStore = {
  kind: "postgres";
  url: string;
  sql: PgSql;
  db: PgDb;
  repos: Repositories;
  connectAlone: () => PgSql;
  close: (options?: { timeout: number }) => Promise<void>;
};

export const pgMigrationsFolder = resolve(packageRoot(), "src/db/pg/migrations");

/**
 * postgres.js tries a host that never answers (no route to it, a firewall dropping packets) again
 * and again, each time for its connect timeout: `db copy --to` such a host ran for minutes. The
 * first connection gets this long, then the pool is ended and the open fails.
 */
const OPEN_TIMEOUT_MS = 10_000;
/** How long the outage gate's probe waits for `select 1` (outage-gate.ts). */
const PROBE_TIMEOUT_MS = 3_000;

export async function answeredInTime<T>(sql: PgSql, first: Promise<T>, timeoutMs = OPEN_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`the database server did not answer within ${timeoutMs / 1000} s`), { code: "CONNECT_TIMEOUT" })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([first, late]);
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A connection that cannot be made is tried again after 50 ms, not after postgres.js's own wait,
 * which grows to 20 s: the pool gives each new connection one queued call, so that wait decided
 * how long calls queued during an outage took to be answered (7-19 s in a review).
 */
const CONNECTION_OPTIONS = { connect_timeout: 3, backoff: () => 0.05, onnotice: () => {} };

/**
 * Connects, applies pending migrations and makes sure this month's and the next two months'
 * history partitions exist. Several instances may start at once: migrations run under an
 * advisory lock, so one applies them while the others wait, then find nothing left to do.
 */
export async function openPgStore(url: string, now = Date.now()): Promise<PgStore> {
  // A PostgreSQL that is away fails a call within seconds (503, Retry-After), not after 30.
  const sql = postgres(url, { ...CONNECTION_OPTIONS, max: 10 });
  const db = drizzle({ client: sql, schema });
  try {
    const lock = await answeredInTime(sql, sql.reserve());
    try {
      await lock`select pg_advisory_lock(hashtext('gatehouse migrations'))`;
      await migrate(db, { migrationsFolder: pgMigrationsFolder });
      const [applied] = await lock`select max(created_at) as last from drizzle.__drizzle_migrations`;
      const newer = newerThanThisVersion(applied?.last ?? null, pgMigrationsFolder);
      if (newer) throw new DatabaseOpenError(newer("The PostgreSQL database"));
      await ensureHistoryPartitions(sql, now, now);
    } finally {
      await lock`select pg_advisory_unlock(hashtext('gatehouse migrations'))`.catch(() => {});
      lock.release();
    }
  } catch (error) {
    // A pool left open would keep a CLI that failed here from exiting.
    await sql.end({ timeout: 0 }).catch(() => {});
    throw error;
  }
  const connectAlone = () => postgres(url, { ...CONNECTION_OPTIONS, max: 1 });
  // Each probe on a connection of its own, ended after: one a server went silent on would hang.
  const gate = outageGate(async () => {
    const probe = postgres(url, { ...CONNECTION_OPTIONS, max: 1, fetch_types: false });
    await answeredInTime(probe, probe`select 1`, PROBE_TIMEOUT_MS);
    await probe.end({ timeout: 0 });
  });
  const close = async (options?: { timeout: number }) => {
    await gate.close();
    await sql.end(options);
  };
  return { kind: "postgres", url, sql, db, repos: gatedRepositories(pgRepositories(db, sql), gate), connectAlone, close };
}
