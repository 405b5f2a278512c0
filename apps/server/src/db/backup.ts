import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrationsFolder, type Sqlite } from "./client.ts";
import { serversUsing } from "./server-lock.ts";

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
  if (resolve(target) === resolve(databasePath)) throw new BackupError("The backup cannot be the database itself; choose another FILE");
  if (existsSync(target) && !options.force) throw new BackupError(`${target} already exists; choose another FILE or add --force to replace it`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
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

export type RestoreSummary = BackupSummary & { previous: string | null };

/**
 * Replaces the database with a backup, refusing while a server uses it. The backup is copied
 * beside the database and checked there (integrity, a Gatehouse schema at a migration level
 * this version knows), so what gets checked is exactly what gets installed. The database it
 * replaces is kept, as an online copy, in `<db>.before-restore`.
 */
export async function restoreDatabase(backupPath: string, databasePath: string): Promise<RestoreSummary> {
  if (!existsSync(backupPath)) throw new BackupError(`There is no file at ${backupPath}; nothing was changed`);
  const running = serversUsing(databasePath);
  if (running.length > 0) {
    throw new BackupError(`A Gatehouse server (pid ${running.join(", ")}) is using ${databasePath}; stop it first. Nothing was changed`);
  }
  mkdirSync(dirname(databasePath), { recursive: true, mode: 0o700 });
  const incoming = siblingTemp(databasePath, "restore");
  closeSync(openSync(incoming, "wx", 0o600));
  try {
    const counts = await copyAndCheck(backupPath, incoming);
    syncFile(incoming);
    let previous: string | null = null;
    if (existsSync(databasePath)) {
      previous = `${databasePath}.before-restore`;
      rmSync(previous, { force: true });
      await backupDatabase(databasePath, previous, { force: true });
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

/**
 * A copy keeps the source's WAL mode and leaves -wal/-shm files behind. Switched to a rollback
 * journal it is one self-contained file (the server turns WAL back on when it opens it).
 */
function settle(path: string) {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    sqlite.pragma("journal_mode = DELETE");
    // A database replaced by a restore may predate the tables (an empty file): count it as none.
    const count = (table: string) =>
      sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table)
        ? (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n
        : 0;
    return { credentials: count("credentials"), historyRows: count("api_history") };
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
