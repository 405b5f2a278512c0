import { sql } from "drizzle-orm";
import type postgres from "postgres";
import type { PgExecutor } from "./client.ts";
import { sqlStateOf } from "./sql-state.ts";

const UNDEFINED_TABLE = "42P01";
// Two instances creating one month at the same moment: "if not exists" checks before either commits.
const CREATED_MEANWHILE = new Set(["42P07", "23505"]);
const unlessCreatedMeanwhile = (error: unknown) => {
  if (!CREATED_MEANWHILE.has(sqlStateOf(error))) throw error;
};

/** History partitions exist this many months ahead, so a flush never meets a missing month. */
const MONTHS_AHEAD = 2;

const monthStart = (ms: number, plus = 0) => {
  const at = new Date(ms);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + plus, 1);
};
const partitionName = (start: number) => {
  const at = new Date(start);
  return `api_history_${at.getUTCFullYear()}_${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
};

/**
 * Creates the monthly partitions of api_history from the month of `from` to MONTHS_AHEAD months
 * after the month of `to` (a copy of old history passes its oldest row as `from`). Idempotent,
 * and safe while other instances do the same.
 */
export async function ensureHistoryPartitions(client: postgres.Sql, from: number, to: number) {
  for (const statement of partitionStatements(from, to)) await client.unsafe(statement).catch(unlessCreatedMeanwhile);
}

/** ensureHistoryPartitions on a pool or transaction of the repositories; returns when they exist up to. */
export async function ensureHistoryPartitionsOn(db: PgExecutor, from: number, to: number): Promise<number> {
  for (const statement of partitionStatements(from, to)) await db.execute(sql.raw(statement)).catch(unlessCreatedMeanwhile);
  return monthStart(to, MONTHS_AHEAD + 1);
}

function partitionStatements(from: number, to: number): string[] {
  const statements: string[] = [];
  for (let start = monthStart(from); start <= monthStart(to, MONTHS_AHEAD); start = monthStart(start, 1)) {
    const end = monthStart(start, 1);
    statements.push(
      `create table if not exists ${partitionName(start)} partition of api_history
       for values from ('${new Date(start).toISOString()}') to ('${new Date(end).toISOString()}')`,
    );
  }
  return statements;
}

/**
 * Retention: drops every month that ended before `cutoff` whole (no row-by-row delete, no
 * bloat); the older rows of the month the cutoff falls in are left to the caller
 * (db/pg/history.ts deletes them in batches). Returns the months dropped.
 */
export async function pruneHistoryPartitions(db: PgExecutor, cutoff: number): Promise<string[]> {
  const months = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'api_history' order by c.relname`);
  const dropped: string[] = [];
  for (const { name } of months) {
    const match = /^api_history_(\d{4})_(\d{2})$/.exec(name);
    if (!match) continue;
    const end = Date.UTC(Number(match[1]), Number(match[2]), 1);
    if (end > cutoff) continue;
    try {
      await db.execute(sql.raw(`drop table ${name}`));
      dropped.push(name);
    } catch (error) {
      // Another instance pruning at the same moment dropped it first.
      if (sqlStateOf(error) !== UNDEFINED_TABLE) throw error;
    }
  }
  return dropped;
}
