import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import * as schema from "./schema/index.ts";
import { packageRoot } from "../lib/package-root.ts";
import type { Repositories } from "./repositories.ts";
import { sqliteRepositories } from "./sqlite/repositories.ts";

/**
 * better-sqlite3 is one synchronous connection, so code inside `db.transaction(() => ...)` keeps
 * using `db` itself: every statement runs inside that transaction. Never await inside one.
 */
export type Db = ReturnType<typeof drizzle<typeof schema>>;
export type Sqlite = Database.Database;
export type SqliteStore = { kind: "sqlite"; sqlite: Sqlite; db: Db; repos: Repositories };

export const migrationsFolder = resolve(packageRoot(), "src/db/migrations");

export class DatabaseOpenError extends Error {}

/**
 * Opens (creating when missing) the SQLite file, sets the pragmas every connection needs and
 * applies pending migrations. `:memory:` gives a private database for tests.
 */
export function openStore(path: string): SqliteStore {
  let sqlite: Sqlite;
  try {
    if (path !== ":memory:") createPrivately(path);
    // The busy timeout is set as the file opens, before switching to WAL: that switch needs a
    // lock, and a process starting beside another failed at once with "database is locked".
    sqlite = new Database(path, { timeout: 5000 });
    refuseForeign(sqlite, path);
    switchToWal(sqlite);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot open the database at ${path}: ${reason}`);
  }
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle({ client: sqlite, schema });
  try {
    migrate(db, { migrationsFolder });
  } catch {
    // Drizzle reads which migrations are applied before it takes the write lock, so a process
    // starting on a fresh file alongside another waits for that one's migrations, then repeats
    // them and fails ("table already exists"). They are all applied by then: read again.
    // A migration that is really broken fails the same way twice and is reported then.
    migrate(db, { migrationsFolder });
  }
  const newer = newerThanThisVersion(sqlite.prepare("select max(created_at) from __drizzle_migrations").pluck().get(), migrationsFolder);
  if (newer) {
    sqlite.close();
    throw new DatabaseOpenError(newer(path));
  }
  return { kind: "sqlite", sqlite, db, repos: sqliteRepositories(sqlite, db) };
}

/**
 * A database a newer Gatehouse has migrated holds tables and columns this version does not know,
 * and writing to it could break it for the version it belongs to (a rollback done by hand, a
 * review's find). Answers the start-up error's text, or null when this version knows the
 * database's last migration.
 */
export function newerThanThisVersion(lastApplied: unknown, folder: string): ((where: string) => string) | null {
  const known = Math.max(...readMigrationFiles({ migrationsFolder: folder }).map((migration) => migration.folderMillis));
  if (lastApplied === null || lastApplied === undefined || Number(lastApplied) <= known) return null;
  return (where) =>
    `${where} was last migrated by a newer Gatehouse version than this one: run that version, or restore a backup made by this one ` +
    '(README "Upgrading"). Nothing was changed';
}

/**
 * A SQLite file with tables but none of Gatehouse's migrations belongs to something else: a
 * review's `key list` on one added every Gatehouse table to it. It is left as it was.
 */
function refuseForeign(sqlite: Sqlite, path: string) {
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[];
  if (tables.length === 0 || tables.includes("__drizzle_migrations")) return;
  sqlite.close();
  throw new DatabaseOpenError(`${path} is not a Gatehouse database (it holds other tables, such as ${tables[0]}); nothing was changed`);
}

/**
 * SQLite answers "database is locked" to a journal-mode switch at once, without waiting out the
 * busy timeout, when another connection holds a lock it would need to escalate too (six processes
 * opening a fresh file together met it now and then). It is tried again for up to five seconds.
 */
function switchToWal(sqlite: Sqlite) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      sqlite.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      const busy = error instanceof Error && "code" in error && (error.code === "SQLITE_BUSY" || error.code === "SQLITE_LOCKED");
      if (!busy || attempt >= 100) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 + Math.floor(Math.random() * 30));
    }
  }
}

/**
 * The file holds password and key hashes and the audit log: only its owner may read it. Folders
 * we create are 0700 (one the operator made keeps its mode), and the file is made 0600 before
 * SQLite opens it; SQLite gives the -wal and -shm files the mode of the database file.
 */
function createPrivately(path: string) {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
}

/**
 * For transactions that read, then write: they take the write lock at BEGIN, waiting for it
 * (busy timeout) like a single statement does. A deferred one that reads first fails at once
 * with "database is locked" when another process wrote in between — a 500 for one of two
 * servers on one database changing credentials at the same moment.
 */
export const WRITE = { behavior: "immediate" } as const;
