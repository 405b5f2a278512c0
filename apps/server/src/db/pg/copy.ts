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
  pgSchema.auditLog,
  pgSchema.apiHistory,
  pgSchema.apiHistoryHourly,
  pgSchema.products,
  pgSchema.orders,
];
/** Tables whose ids PostgreSQL hands out: after the copy they continue after the highest copied id. */
const SEQUENCES = [
  { table: "audit_log", sequence: "audit_log_id_seq" },
  { table: "allowed_ips", sequence: "allowed_ips_id_seq" },
  { table: "api_history", sequence: "api_history_id_seq" },
];
const BATCH = 1000;

export class CopyRefused extends Error {}
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

  const { sql } = await openPgStore(url);
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
        const source = (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
        const [target] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(name)}`;
        if (target?.n !== source) throw new Error(`${name}: ${source} rows in SQLite but ${target?.n} in PostgreSQL after the copy`);
        summary.tables.push({ name, rows: source });
      }
      return summary;
    } finally {
      sqlite.exec("commit");
    }
  } finally {
    await sql.end();
  }
}

type TableCopy = { name: string; columns: string[]; timestamps: Set<string> };

function describe(table: PgTable): TableCopy {
  const config = getTableConfig(table);
  const columns = config.columns.map((column) => column.name);
  const timestamps = new Set(config.columns.filter((column) => column.getSQLType().startsWith("timestamp")).map((column) => column.name));
  return { name: config.name, columns, timestamps };
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
  let batch: Record<string, unknown>[] = [];
  for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
    for (const column of table.timestamps) {
      const value = row[column];
      if (typeof value === "number") row[column] = new Date(value).toISOString();
    }
    batch.push(row);
    if (batch.length === BATCH) {
      await insert(sql, table, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await insert(sql, table, batch);
}

const insert = (sql: PgSql, table: TableCopy, rows: Record<string, unknown>[]) =>
  sql`insert into ${sql(table.name)} ${sql(rows as Record<string, string>[], ...table.columns)}`;
