import type { Config } from "../config.ts";
import { withoutPassword } from "../lib/database-url.ts";
import { DatabaseOpenError, openStore, type SqliteStore } from "./client.ts";
import { openPgStore, type PgStore } from "./pg/client.ts";

/** The database the server and the CLI work on: PostgreSQL when DATABASE_URL is set, SQLite otherwise. */
export type Store = SqliteStore | PgStore;

export async function openDatabase(config: Pick<Config, "DATABASE_URL" | "DATABASE_PATH">): Promise<Store> {
  if (!config.DATABASE_URL) return openStore(config.DATABASE_PATH);
  try {
    return await openPgStore(config.DATABASE_URL);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot open the database at ${withoutPassword(config.DATABASE_URL)}: ${reason}`);
  }
}

export async function closeDatabase(store: Store) {
  if (store.kind === "sqlite") store.sqlite.close();
  else await store.sql.end({ timeout: 5 });
}
