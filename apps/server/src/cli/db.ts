import { parseArgs } from "node:util";
import { resolveFromLaunchFolder, type Config } from "../config.ts";
import { backupDatabase, restoreDatabase, type BackupSummary } from "../db/backup.ts";
import { dbCopyCommand, dbCopyUsage } from "./db-copy.ts";
import { print, UsageError } from "./io.ts";

export const dbUsage = `  db backup FILE [--force]
      Writes a consistent copy of the database to FILE while the server keeps running
      (0600; an existing FILE is replaced only with --force).
  db restore FILE
      Replaces the database with a backup. Refused while a server uses the database; the backup
      is checked first, and the database it replaces is kept as <database>.before-restore.
${dbCopyUsage}`;

/**
 * Works on the database file itself, so it runs before the CLI opens (and migrates) the store.
 * PostgreSQL (DATABASE_URL, not there yet) will answer `db backup` with the `pg_dump` command
 * to run instead: its own tool makes a consistent dump, and we should not pretend otherwise.
 */
export async function dbCommand(config: Config, args: string[]) {
  const [action, ...rest] = args;
  if (action === "copy") return dbCopyCommand(config, rest);
  if (action !== "backup" && action !== "restore") throw new UsageError(`Unknown db command "${action ?? ""}". Usage:\n${dbUsage}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { force: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(`Usage:\n${dbUsage}`);
  const path = resolveFromLaunchFolder(file, process.env);
  if (action === "backup") {
    const summary = await backupDatabase(config.DATABASE_PATH, path, { force: values.force === true });
    print(`Backed up ${config.DATABASE_PATH} to ${describe(summary)}.`);
    return;
  }
  if (values.force) throw new UsageError("db restore has no --force: stop the server instead");
  const summary = await restoreDatabase(path, config.DATABASE_PATH);
  print(`Restored ${path} into ${describe(summary)}.`);
  print(
    summary.previous
      ? `The database it replaced is kept as ${summary.previous}. Start the server; it applies any newer migrations.`
      : "Start the server; it applies any newer migrations.",
  );
}

const describe = ({ path, bytes, credentials, historyRows }: BackupSummary) =>
  `${path} (${formatBytes(bytes)}: ${credentials} credential${credentials === 1 ? "" : "s"}, ${historyRows} history row${historyRows === 1 ? "" : "s"})`;

const formatBytes = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
