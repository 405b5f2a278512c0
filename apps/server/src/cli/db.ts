import { resolveFromLaunchFolder, type Config } from "../config.ts";
import { backupDatabase, restoreDatabase, type BackupSummary } from "../db/backup.ts";
import { isPostgresUrl, withoutPassword } from "../lib/database-url.ts";
import { dbCopyCommand, dbCopyUsage } from "./db-copy.ts";
import { argumentsOf, print, UsageError } from "./io.ts";

export const dbUsage = `  db backup FILE [--force]
      Writes a consistent copy of the database to FILE while the server keeps running
      (0600; an existing FILE is replaced only with --force).
  db restore FILE
      Replaces the database with a backup. Refused while a server uses the database; the backup
      is checked first, and the database it replaces is kept as <database>.before-restore.
  With a PostgreSQL DATABASE_URL both print the pg_dump / pg_restore command to run instead
  and exit with status 2.
${dbCopyUsage}`;

/** Exit status of `db backup`/`db restore` on PostgreSQL: not done here, PostgreSQL's own tool does it. */
export const USE_POSTGRES_TOOL = 2;

/** Quotes a word for a POSIX shell, only when it needs it. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/**
 * On PostgreSQL a consistent copy is pg_dump's job (and putting one back pg_restore's): the CLI
 * prints the exact command for FILE and exits with status 2, writing nothing.
 */
function postgresInstead(action: "backup" | "restore", url: string, file: string) {
  const target = shellWord(withoutPassword(url));
  const path = shellWord(file);
  const [tool, command] =
    action === "backup"
      ? ["pg_dump", `pg_dump --format=custom --file ${path} ${target}`]
      : ["pg_restore", `pg_restore --clean --if-exists --single-transaction --dbname ${target} ${path}`];
  process.stderr.write(
    `gatehouse: DATABASE_URL is a PostgreSQL database: ${action === "backup" ? "back it up" : "restore it"} with ${tool}` +
      `${action === "restore" ? ", with the servers stopped" : ""} (the password comes from PGPASSWORD or ~/.pgpass):\n`,
  );
  print(command);
  process.exitCode = USE_POSTGRES_TOOL;
}

/**
 * Works on the database file itself, so it runs before the CLI opens (and migrates) the store.
 * With a PostgreSQL DATABASE_URL it prints the pg_dump or pg_restore command to run instead:
 * PostgreSQL's own tools make a consistent dump, and we should not pretend otherwise.
 */
export async function dbCommand(config: Config, args: string[]) {
  const [action, ...rest] = args;
  if (action === "copy") return dbCopyCommand(config, rest);
  if (action !== "backup" && action !== "restore") throw new UsageError(`Unknown db command "${action ?? ""}". Usage:\n${dbUsage}`);
  const { values, positionals } = argumentsOf(rest, { force: { type: "boolean" } });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(`Usage:\n${dbUsage}`);
  const path = resolveFromLaunchFolder(file, process.env);
  if (isPostgresUrl(process.env.DATABASE_URL)) return postgresInstead(action, process.env.DATABASE_URL, path);
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
