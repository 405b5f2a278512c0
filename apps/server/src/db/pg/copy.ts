import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import type { Sqlite } from "../client.ts";
import { openPgStore, type PgSql } from "./client.ts";
import { ensureHistoryPartitions } from "./partitions.ts";
import * as pgSchema from "./schema/index.ts";

/** Parents before children, so foreign keys hold at every insert. */
const TABLES: PgTable[] = [
  pgSchema.adminUsers,
  pgSchema.adminSessions,
  pgSchema.credentials,
  pgSchema.allowedIps,
  pgSchema.apiTokens,
  pgSchema.endedTokens,
  pgSchema.auditLog,
  pgSchema.apiHistory,
  pgSchema.apiHistoryHourly,
  pgSchema.products,
  pgSchema.orders,
  pgSchema.webhookEndpoints,
  pgSchema.webhookEvents,
  pgSchema.webhookDeliveries,
  pgSchema.webhookOnce,
  pgSchema.credentialAddresses,
  pgSchema.signatureNonces,
];
/** Tables whose ids PostgreSQL hands out: after the copy they continue after the highest copied id. */
const SEQUENCES = [
  { table: "audit_log", sequence: "audit_log_id_seq" },
  { table: "allowed_ips", sequence: "allowed_ips_id_seq" },
  { table: "api_history", sequence: "api_history_id_seq" },
  { table: "webhook_deliveries", sequence: "webhook_deliveries_id_seq" },
];
const BATCH = 1000;
const MINUTE = 60_000;

/**
 * History rows gain the minute their first call fell in (see the PostgreSQL history schema).
 * Two SQLite rows of the same calls can share a minute (several processes on one file, or a row
 * closed early under a flood): they become one row with both counts, so history is checked by
 * its calls, not its rows.
 */
const HISTORY = {
  derive: (row: Record<string, unknown>) => {
    row.window_start = (row.created_at as number) - ((row.created_at as number) % MINUTE);
  },
  /** Same calls, same minute: one row. Within a batch (PostgreSQL cannot upsert one row twice in a statement)… */
  keyOf: (row: Record<string, unknown>) => [row.credential_id, row.username, row.call, row.ip, row.outcome, row.window_start].join("\u0000"),
  fold: (into: Record<string, unknown>, row: Record<string, unknown>) => {
    into.count = (into.count as number) + (row.count as number);
    into.created_at = Math.min(into.created_at as number, row.created_at as number);
    into.updated_at = Math.max(into.updated_at as number, row.updated_at as number);
  },
  /** …and across batches. */
  merge: `on conflict (credential_id, username, call, ip, outcome, window_start) do update set
    count = api_history.count + excluded.count,
    created_at = least(api_history.created_at, excluded.created_at),
    updated_at = greatest(api_history.updated_at, excluded.updated_at)`,
};

export class CopyRefused extends Error {}
/** Rows per table; for api_history, the calls its rows stand for. */
export type CopySummary = { tables: { name: string; rows: number }[] };

/**
 * Copies every table of a SQLite database into an empty PostgreSQL one, in one PostgreSQL
 * transaction (a failure leaves the target empty) from one SQLite read snapshot (a server may
 * keep running on the file), then checks that each table holds as many rows on both sides.
 */
export async function copyToPostgres(sqlite: Sqlite, url: string): Promise<CopySummary> {
  const tables = TABLES.map((table) => describe(table));
  const missing = sqliteColumns(sqlite).filter(({ table, column }) => !tables.some((known) => known.name === table && known.columns.includes(column)));
  if (missing.length > 0) {
    const names = missing.map(({ table, column }) => `${table}.${column}`).join(", ");
    throw new CopyRefused(`PostgreSQL's schema has no place for ${names}: this version cannot copy them.`);
  }

  const store = await openPgStore(url);
  const { sql } = store;
  try {
    for (const { name } of tables) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(name)}`;
      if (row && row.n > 0) throw new CopyRefused(`The target database is not empty (${name} has ${row.n} rows). Copy into a new, empty database.`);
    }
    sqlite.exec("begin");
    try {
      const oldest = sqlite.prepare("select min(created_at) as at from api_history").get() as { at: number | null };
      if (oldest.at !== null) await ensureHistoryPartitions(sql, oldest.at, Date.now());
      await sql.begin(async (tx) => {
        for (const table of tables) await copyTable(sqlite, tx as unknown as PgSql, table);
        for (const { table, sequence } of SEQUENCES) {
          await tx.unsafe(`select setval('${sequence}', max(id)) from ${table} having max(id) is not null`);
        }
      });
      const summary: CopySummary = { tables: [] };
      for (const { name } of tables) {
        const measure = name === "api_history" ? "coalesce(sum(count), 0)" : "count(*)";
        const source = (sqlite.prepare(`select ${measure} as n from "${name}"`).get() as { n: number }).n;
        const [target] = await sql.unsafe<{ n: number }[]>(`select ${measure}::bigint as n from "${name}"`);
        if (Number(target?.n) !== source) throw new Error(`${name}: ${source} in SQLite but ${target?.n} in PostgreSQL after the copy`);
        summary.tables.push({ name, rows: source });
      }
      return summary;
    } finally {
      sqlite.exec("commit");
    }
  } finally {
    await store.close();
  }
}

type TableCopy = {
  name: string;
  /** Read from SQLite, written to PostgreSQL. */
  columns: string[];
  /** Only in PostgreSQL, computed from the row. */
  derived: string[];
  timestamps: Set<string>;
  derive?: (row: Record<string, unknown>) => void;
  keyOf?: (row: Record<string, unknown>) => string;
  fold?: (into: Record<string, unknown>, row: Record<string, unknown>) => void;
  merge?: string;
};

function describe(table: PgTable): TableCopy {
  const config = getTableConfig(table);
  const timestamps = new Set(config.columns.filter((column) => column.getSQLType().startsWith("timestamp")).map((column) => column.name));
  const all = config.columns.map((column) => column.name);
  if (config.name !== "api_history") return { name: config.name, columns: all, derived: [], timestamps };
  return { name: config.name, columns: all.filter((column) => column !== "window_start"), derived: ["window_start"], timestamps, ...HISTORY };
}

/** Every column of every table in the SQLite file: none may be left behind by the copy. */
function sqliteColumns(sqlite: Sqlite): { table: string; column: string }[] {
  const rows = sqlite
    .prepare(
      `select m.name as "table", c.name as "column" from sqlite_master m, pragma_table_info(m.name) c
       where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like '__drizzle%'`,
    )
    .all();
  return rows as { table: string; column: string }[];
}

async function copyTable(sqlite: Sqlite, sql: PgSql, table: TableCopy) {
  const select = sqlite.prepare(`select ${table.columns.map((column) => `"${column}"`).join(", ")} from "${table.name}"`);
  let batch = new Map<unknown, Record<string, unknown>>();
  let next = 0;
  for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
    table.derive?.(row);
    const key = table.keyOf?.(row) ?? next++;
    const same = batch.get(key);
    if (same && table.fold) table.fold(same, row);
    else batch.set(key, row);
    if (batch.size === BATCH) {
      await insert(sql, table, [...batch.values()]);
      batch = new Map();
    }
  }
  if (batch.size > 0) await insert(sql, table, [...batch.values()]);
}

const insert = (sql: PgSql, table: TableCopy, rows: Record<string, unknown>[]) => {
  for (const row of rows) for (const column of table.timestamps) if (typeof row[column] === "number") row[column] = new Date(row[column]).toISOString();
  return sql`insert into ${sql(table.name)} ${sql(rows as Record<string, string>[], ...table.columns, ...table.derived)} ${sql.unsafe(table.merge ?? "")}`;
};
