import { join } from "node:path";
import Database from "better-sqlite3";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../src/db/client.ts";
import { openPgStore } from "../src/db/pg/client.ts";
import { tempDir } from "./helpers.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

// A migration from a later Gatehouse than this one (its time is far past any migration here).
const FUTURE_MIGRATION = { hash: "from-a-newer-version", createdAt: 4_102_444_800_000 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

// An operator review's find: after a rollback by hand, the older server served a database a newer
// version had migrated, writing to tables it does not know.
describe("a database a newer Gatehouse has migrated", () => {
  it("is refused on SQLite, by the server and the CLI alike, and left as it was", () => {
    const path = join(tempDir(), "gatehouse.sqlite");
    const store = openStore(path);
    store.sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run(FUTURE_MIGRATION.hash, FUTURE_MIGRATION.createdAt);
    const migrations = store.sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get();
    store.sqlite.close();
    expect(() => openStore(path)).toThrow(
      `${path} was last migrated by a newer Gatehouse version than this one: run that version, or restore a backup made by this one`,
    );
    expect(() => openStore(path)).toThrow(/Nothing was changed$/);
    // Left as it was: the newer version's row and every other migration still there.
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(migrations);
    raw.close();
  });

  it.runIf(testDatabaseUrl)("is refused on PostgreSQL", async () => {
    const created = await freshDatabase();
    cleanups.push(created.drop);
    const store = await openPgStore(created.url);
    await store.close();
    const sql = postgres(created.url, { max: 1, onnotice: () => {} });
    await sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${FUTURE_MIGRATION.hash}, ${FUTURE_MIGRATION.createdAt})`;
    await sql.end();
    await expect(openPgStore(created.url)).rejects.toThrow(/^The PostgreSQL database was last migrated by a newer Gatehouse version than this one/);
  });
});
