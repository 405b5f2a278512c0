import { resolveFromLaunchFolder, type Config } from "../config.ts";
import { BackupError, backupDatabase, restoreDatabase, type BackupSummary } from "../db/backup.ts";
import { isPostgresUrl, withoutPassword } from "../lib/database-url.ts";
import { dbCopyCommand, dbCopyUsage } from "./db-copy.ts";
import { argumentsOf, print, UsageError } from "./io.ts";

export const dbUsage = `  db backup FILE [--force]
      Writes a consistent copy of the database to FILE while the server keeps running
      (0600; an existing FILE is replaced only with --force).
  db restore FILE
      Replaces the database with a backup. Refused while a server uses the database; the backup
      is checked first, and the database it replaces is kept as <database>.before-restore
      (-2, -3… if an earlier one is there); both keep the replaced database's owner.
  With a PostgreSQL DATABASE_URL both print the pg_dump / pg_restore commands to run instead
  and exit with status 2; a restore goes into a new database, <name>_restored.
${dbCopyUsage}`;

/** Exit status of `db backup`/`db restore` on PostgreSQL: not done here, PostgreSQL's own tool does it. */
export const USE_POSTGRES_TOOL = 2;

/** Quotes a word for a POSIX shell, only when it needs it. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/**
 * On PostgreSQL a consistent copy is pg_dump's job (and putting one back pg_restore's): the CLI
 * prints the exact commands for FILE and exits with status 2, writing nothing. The dump is
 * written 0600 (it holds key and password hashes, as a SQLite backup does). A restore goes into a
 * new database, `<name>_restored`, which every instance is then pointed at: restoring over the
 * live one (`pg_restore --clean`) fails on the partitioned history table, and the database it
 * replaces stays as it was, as a SQLite restore keeps `<database>.before-restore`.
 */
function postgresInstead(action: "backup" | "restore", url: string, file: string) {
  const path = shellWord(file);
  if (action === "backup") {
    process.stderr.write("gatehouse: DATABASE_URL is a PostgreSQL database: back it up with pg_dump (the password comes from PGPASSWORD or ~/.pgpass):\n");
    print(`(umask 077 && pg_dump --format=custom --file ${path} ${shellWord(withoutPassword(url))})`);
  } else {
    const restored = restoredDatabase(url);
    process.stderr.write(
      `gatehouse: DATABASE_URL is a PostgreSQL database: restore it with pg_restore into a new database, ${restored.name}, ` +
        "then point every instance's DATABASE_URL at it; the current database stays as it is (the password comes from PGPASSWORD or ~/.pgpass):\n",
    );
    // Owned by the role Gatehouse connects as, as the current one is meant to be: its migrations create tables there.
    const owner = restored.owner === "" ? "" : ` OWNER ${sqlName(restored.owner)}`;
    print(`psql --dbname ${shellWord(withoutPassword(url))} --command ${shellWord(`CREATE DATABASE ${sqlName(restored.name)}${owner}`)}`);
    print(`pg_restore --single-transaction --exit-on-error --dbname ${shellWord(withoutPassword(restored.url))} ${path}`);
  }
  process.exitCode = USE_POSTGRES_TOOL;
}

const sqlName = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The database a PostgreSQL restore goes into (the URL's database name with `_restored`), and its owner. */
function restoredDatabase(url: string) {
  if (!URL.canParse(url)) return { name: "gatehouse_restored", owner: "", url };
  const parsed = new URL(url);
  const owner = decodeURIComponent(parsed.username);
  const name = `${decodeURIComponent(parsed.pathname.slice(1)) || owner || "postgres"}_restored`;
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return { name, owner, url: parsed.toString() };
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
  // Resolving drops a trailing slash: "backups/" (a folder not made yet) became a file named backups.
  if (action === "backup" && /[\\/]$/.test(file)) {
    throw new BackupError(`${file} names a folder: give the backup a file name in it, such as ${file}gatehouse.sqlite; nothing was written`);
  }
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
