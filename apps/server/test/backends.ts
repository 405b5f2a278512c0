import { openStore } from "../src/db/client.ts";
import { openPgStore } from "../src/db/pg/client.ts";
import type { Repositories } from "../src/db/repositories.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

export type OpenedRepositories = {
  repos: Repositories;
  /** Runs SQL as written, for fixtures no repository writes (yet). */
  run: (statement: string) => Promise<void>;
  /** A time literal in this dialect, for such SQL. */
  at: (ms: number) => string;
  close: () => Promise<void>;
};

/**
 * The databases the repositories are tested on: SQLite always, PostgreSQL whenever
 * TEST_DATABASE_URL is set (as .ci/run sets it). Each `open()` is an empty database of its own.
 */
type Backend = { name: string; open: () => Promise<OpenedRepositories> };

export const backends: Backend[] = [
  {
    name: "SQLite",
    open: async () => {
      const store = openStore(":memory:");
      return {
        repos: store.repos,
        run: async (statement) => void store.sqlite.exec(statement),
        at: (ms) => String(ms),
        close: async () => {
          store.sqlite.close();
        },
      };
    },
  },
  ...(testDatabaseUrl
    ? [
        <Backend>{
          name: "PostgreSQL",
          open: async () => {
            const database = await freshDatabase();
            const store = await openPgStore(database.url);
            return {
              repos: store.repos,
              run: async (statement) => void (await store.sql.unsafe(statement)),
              at: (ms) => `to_timestamp(${ms} / 1000.0)`,
              close: async () => {
                await store.close();
                await database.drop();
              },
            };
          },
        },
      ]
    : []),
];
