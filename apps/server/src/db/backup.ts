import { chownSync, closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrationsFolder, type Sqlite } from "./client.ts";
import { fileItself, serversUsing } from "./server-lock.ts";

export class BackupError extends Error {}

export type BackupSummary = { path: string; bytes: number; credentials: number; historyRows: number };

/**
 * Copies a live database with SQLite's online backup API: a consistent snapshot even while a
 * server writes (the copy restarts from the changed pages until it gets one clean pass). The copy
 * is made under a temporary name, 0600 like the database (it holds key and password hashes), and
 * appears under its own name only once complete.
 */
export async function backupDatabase(databasePath: string, target: string, options: { force: boolean }): Promise<BackupSummary> {
  if (!existsSync(databasePath)) throw new BackupError(`There is no database at ${databasePath} (set DATABASE_PATH); nothing was written`);
  checkTarget(databasePath, target, options.force);
  const partial = siblingTemp(target, "backup");
  closeSync(openSync(partial, "wx", 0o600));
  const source = new Database(databasePath, { fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(partial);
    const counts = settle(partial);
    syncFile(partial);
    const summary = { path: target, bytes: statSync(partial).size, ...counts };
    renameSync(partial, target);
    syncFile(dirname(target));
    return summary;
  } catch (error) {
    removeWithJournal(partial);
    throw error;
  } finally {
    source.close();
  }
}

const refuseTarget = (why: string): never => {
  throw new BackupError(`${why}; nothing was written`);
};

/**
 * Where a backup may go: into a folder that exists (a mistyped path is not made), as a new
 * regular file or, with --force, over one; never over the database, its journal files or the
 * server key beside it. A review replaced /dev/null with a backup, and the live database's
 * -wal, losing committed changes.
 */
function checkTarget(databasePath: string, target: string, force: boolean) {
  const folder = dirname(resolve(target));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) refuseTarget(`The folder ${folder} does not exist: create it first, or choose another FILE`);
  const real = join(realpathSync(folder), basename(target));
  const database = join(realpathSync(dirname(resolve(databasePath))), basename(databasePath));
  const own = [database, `${database}-wal`, `${database}-shm`, `${database}-journal`, join(dirname(database), "secret.key")];
  if (own.includes(real)) refuseTarget(`${target} is ${real === database ? "the database itself" : "one of the database's own files"}: choose another FILE`);
  const existing = lstatSync(real, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) refuseTarget(`${target} is not a regular file (a folder, link or device): choose another FILE`);
  if (existing && !force) refuseTarget(`${target} already exists: choose another FILE or add --force to replace it`);
}

export type RestoreSummary = BackupSummary & { previous: string | null };

/**
 * Replaces the database with a backup, refusing while a server uses it. The backup is copied
 * beside the database and checked there (integrity, a Gatehouse schema at a migration level
 * this version knows), so what gets checked is exactly what gets installed. The database it
 * replaces is kept, as an online copy, in `<db>.before-restore`.
 */
export async function restoreDatabase(backupPath: string, givenPath: string): Promise<RestoreSummary> {
  // Through a symlink, the file it points to is replaced, and the link keeps pointing at it.
  const databasePath = fileItself(givenPath);
  if (!existsSync(backupPath)) throw new BackupError(`There is no file at ${backupPath}; nothing was changed`);
  // Restoring the database onto itself would only replace <db>.before-restore with it.
  if (existsSync(databasePath) && realpathSync(backupPath) === realpathSync(databasePath)) {
    throw new BackupError(`${backupPath} is the database itself: restore from a backup. Nothing was changed`);
  }
  const running = serversUsing(databasePath);
  if (running.length > 0) {
    throw new BackupError(`A Gatehouse server (pid ${running.join(", ")}) is using ${databasePath}; stop it first. Nothing was changed`);
  }
  mkdirSync(dirname(databasePath), { recursive: true, mode: 0o700 });
  const incoming = siblingTemp(databasePath, "restore");
  closeSync(openSync(incoming, "wx", 0o600));
  try {
    const counts = await copyAndCheck(backupPath, incoming);
    // Run as root (after `systemctl stop`), the restored file would be root's, and the service's
    // user could not open it: it gets the owner of the database it replaces (or of its folder).
    const owner = statSync(existsSync(databasePath) ? databasePath : dirname(databasePath));
    const sameOwner = (path: string) => {
      if (process.getuid?.() === 0) chownSync(path, owner.uid, owner.gid);
    };
    sameOwner(incoming);
    syncFile(incoming);
    let previous: string | null = null;
    if (existsSync(databasePath)) {
      previous = freeName(`${databasePath}.before-restore`);
      await backupDatabase(databasePath, previous, { force: true });
      sameOwner(previous);
    }
    // A -wal left by the old database would be replayed into the new one.
    for (const suffix of ["-wal", "-shm"]) rmSync(`${databasePath}${suffix}`, { force: true });
    renameSync(incoming, databasePath);
    syncFile(dirname(databasePath));
    return { path: databasePath, bytes: statSync(databasePath).size, previous, ...counts };
  } catch (error) {
    removeWithJournal(incoming);
    throw error;
  }
}

/** `path`, or `path-2`, `path-3`…: an earlier restore's kept database is never overwritten by the next. */
function freeName(path: string) {
  let name = path;
  for (let n = 2; existsSync(name); n += 1) name = `${path}-${n}`;
  return name;
}

/** One readable line for anything that is not a sound Gatehouse backup this version can run. */
async function copyAndCheck(backupPath: string, path: string) {
  const refuse = (why: string): never => {
    throw new BackupError(`${backupPath} is not a usable Gatehouse backup: ${why}. Nothing was changed`);
  };
  let sqlite: Sqlite | undefined;
  try {
    const copy = new Database(backupPath, { readonly: true, fileMustExist: true });
    try {
      await copy.backup(path);
    } finally {
      copy.close();
    }
    sqlite = new Database(path, { fileMustExist: true });
    const integrity = String(sqlite.pragma("integrity_check", { simple: true }));
    // SQLite's report runs over many lines; the first problem is enough to say what is wrong.
    if (integrity !== "ok") refuse(`the integrity check failed (${oneLine(integrity)})`);
    const tables = new Set((sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((row) => row.name));
    if (!tables.has("__drizzle_migrations") || !tables.has("credentials")) refuse("it has no Gatehouse tables");
    const latest = sqlite.prepare("select max(created_at) as at from __drizzle_migrations").get() as { at: number | null };
    const known = readMigrationFiles({ migrationsFolder }).map((migration) => migration.folderMillis);
    if (latest.at === null || !known.includes(Number(latest.at))) refuse("it was made by a Gatehouse version this one does not know (newer?)");
    // What the server does at start, then every table and column this version reads: a backup
    // missing its history table was restored, and the server then died at start.
    migrate(drizzle({ client: sqlite }), { migrationsFolder });
    const present = columnsOf(sqlite);
    const missing = [...freshColumns()].filter((column) => !present.has(column));
    if (missing.length > 0) refuse(`it lacks ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ` and ${missing.length - 3} more columns` : ""}`);
    sqlite.close();
    sqlite = undefined;
    return settle(path);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    return refuse(error instanceof Error ? error.message : String(error));
  } finally {
    sqlite?.close();
  }
}

/** Every `table.column` of a database's own tables. */
function columnsOf(sqlite: Sqlite): Set<string> {
  const rows = sqlite
    .prepare(
      "select m.name || '.' || c.name as column from sqlite_master m join pragma_table_info(m.name) c where m.type = 'table' and m.name not like 'sqlite_%'",
    )
    .all() as { column: string }[];
  return new Set(rows.map((row) => row.column));
}

/** The columns of an empty database with every migration of this version applied. */
function freshColumns(): Set<string> {
  const sqlite = new Database(":memory:");
  try {
    migrate(drizzle({ client: sqlite }), { migrationsFolder });
    return columnsOf(sqlite);
  } finally {
    sqlite.close();
  }
}

/**
 * A copy keeps the source's WAL mode and leaves -wal/-shm files behind. Switched to a rollback
 * journal it is one self-contained file (the server turns WAL back on when it opens it).
 */
function settle(path: string) {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    sqlite.pragma("journal_mode = DELETE");
    // A database replaced by a restore may predate the tables (an empty file): count it as none.
    const count = (table: string, where = "") =>
      sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table)
        ? (sqlite.prepare(`select count(*) as n from "${table}"${where}`).get() as { n: number }).n
        : 0;
    // A deleted key keeps its row for its history; the summary counts the keys `key list` shows.
    const kept = sqlite.prepare("select 1 from pragma_table_info('credentials') where name = 'deleted_at'").get() ? " where deleted_at is null" : "";
    return { credentials: count("credentials", kept), historyRows: count("api_history") };
  } finally {
    sqlite.close();
    for (const suffix of ["-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  }
}

const oneLine = (text: string) => {
  const line =
    text
      .replace(/\*\*\* in database main \*\*\*/, "")
      .trim()
      .split("\n")[0] ?? "";
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
};

function removeWithJournal(path: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

const siblingTemp = (path: string, what: string) => join(dirname(resolve(path)), `.${basename(path)}.${what}-${process.pid}.tmp`);

function syncFile(path: string) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
