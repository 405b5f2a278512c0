import type { Config } from "../config.ts";
import { openStore } from "../db/client.ts";
import { isPostgresUrl, withoutPassword } from "../lib/database-url.ts";
import { copyToPostgres, CopyRefused } from "../db/pg/copy.ts";
import { argumentsOf, print, UsageError } from "./io.ts";

export const dbCopyUsage = `  db copy --to postgres://USER@HOST:PORT/DATABASE
      Copies the SQLite database (DATABASE_PATH) into an empty PostgreSQL database: every table,
      in one transaction, from one consistent snapshot (the server may keep running), then
      checks each table's row count. Refuses a target that holds any rows.`;

export async function dbCopyCommand(config: Config, args: string[]) {
  const { values, positionals } = argumentsOf(args, { to: { type: "string" } });
  if (positionals.length > 0 || !values.to) throw new UsageError(`Usage:\n${dbCopyUsage}`);
  if (!isPostgresUrl(values.to)) throw new UsageError(`--to must be a postgres:// or postgresql:// URL, not "${withoutPassword(values.to)}"`);
  // postgres:// alone reached the driver's defaults (localhost, a database named after the user).
  const target = new URL(values.to);
  if (!(target.hostname || target.searchParams.get("host")) || target.pathname.length <= 1) {
    throw new UsageError(`--to must name the host and the database, as in postgres://USER@HOST:PORT/DATABASE, not "${withoutPassword(values.to)}"`);
  }
  const { sqlite } = openStore(config.DATABASE_PATH);
  try {
    const summary = await copyToPostgres(sqlite, values.to);
    print(`Copied ${config.DATABASE_PATH} to ${withoutPassword(values.to)}; row counts match:`);
    for (const { name, rows } of summary.tables) print(`  ${name.padEnd(20)} ${rows}`);
  } catch (error) {
    if (error instanceof CopyRefused) throw new UsageError(error.message);
    throw error;
  } finally {
    sqlite.close();
  }
}
