import type { Config } from "../config.ts";
import { withoutPassword } from "../lib/database-url.ts";
import { DatabaseOpenError, openStore, type SqliteStore } from "./client.ts";
import type { PgStore } from "./pg/client.ts";

/** The database the server and the CLI work on: PostgreSQL when DATABASE_URL is set, SQLite otherwise. */
export type Store = SqliteStore | PgStore;

export async function openDatabase(config: Pick<Config, "DATABASE_URL" | "DATABASE_PATH">): Promise<Store> {
  if (!config.DATABASE_URL) return openStore(config.DATABASE_PATH);
  try {
    // Loaded only here: on SQLite, postgres.js and Drizzle's PostgreSQL half stay unread (a
    // smaller heap at idle; see build.ts).
    const { openPgStore } = await import("./pg/client.ts");
    return await openPgStore(config.DATABASE_URL);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot open the database at ${withoutPassword(config.DATABASE_URL)}: ${reason}`);
  }
}

export async function closeDatabase(store: Store) {
  if (store.kind === "sqlite") store.sqlite.close();
  else await store.close({ timeout: 5 });
}
