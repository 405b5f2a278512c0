import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema/index.ts";

/**
 * better-sqlite3 is one synchronous connection, so code inside `db.transaction(() => ...)` keeps
 * using `db` itself: every statement runs inside that transaction. Never await inside one.
 */
export type Db = ReturnType<typeof drizzle<typeof schema>>;
export type Sqlite = Database.Database;
export type Store = { sqlite: Sqlite; db: Db };

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

export class DatabaseOpenError extends Error {}

/**
 * Opens (creating when missing) the SQLite file, sets the pragmas every connection needs and
 * applies pending migrations. `:memory:` gives a private database for tests.
 */
export function openStore(path: string): Store {
  let sqlite: Sqlite;
  try {
    if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new Database(path);
    sqlite.pragma("journal_mode = WAL");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot open the database at ${path}: ${reason}`);
  }
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder });
  return { sqlite, db };
}
