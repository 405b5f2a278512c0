import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../src/db/client.ts";
import { openPgStore, pgMigrationsFolder } from "../src/db/pg/client.ts";
import { pruneHistory } from "../src/domain/history/retention.ts";
import { seedHistory } from "../src/domain/history/seed.ts";
import { sha256 } from "../src/lib/hash.ts";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createDeps } from "../src/deps.ts";
import { createLogger } from "../src/logger.ts";
import { fromIp, tempDir } from "./helpers.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";
import { runCli } from "./run-cli.ts";

const DAY = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Last made, first ended: a server's pool before the database it is on.
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

async function database() {
  const created = await freshDatabase();
  const sql = postgres(created.url, { max: 2, onnotice: () => {} });
  cleanups.push(async () => {
    await sql.end();
    await created.drop();
  });
  return { url: created.url, sql };
}

/** A SQLite database as a store has it: keys made by the CLI (with their audit rows) and a quarter year of history. */
async function seededSqlite() {
  const path = join(tempDir(), "gatehouse.sqlite");
  const made = runCli(path, ["key", "create", "--username", "erp-sync", "--scope", "orders:read", "--ip", "192.0.2.0/24", "--json"]);
  expect(made.status, made.stderr).toBe(0);
  const erp = JSON.parse(made.stdout) as { key: string };
  expect(runCli(path, ["key", "create", "--username", "mobile-app", "--expires", "2031-01-01"]).status).toBe(0);
  const store = openStore(path);
  await seedHistory(store.repos, { rows: 3000, credentials: 2, now: Date.now(), spanDays: 80, seed: 7 });
  store.sqlite.close();
  return { path, erp };
}

describe.runIf(testDatabaseUrl)("db copy from SQLite to PostgreSQL", () => {
  it("copies every table into an empty database, keeps keys, times and history, and refuses to copy twice", async () => {
    const { path, erp } = await seededSqlite();
    const { url, sql } = await database();

    const copied = runCli(path, ["db", "copy", "--to", url]);
    expect(copied.status, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/row counts match/);

    const source = openStore(path).sqlite;
    cleanups.push(async () => void source.close());
    for (const table of ["credentials", "allowed_ips", "audit_log", "api_history", "api_history_hourly", "admin_users", "products", "orders"]) {
      const [target] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
      expect([table, target?.n]).toEqual([table, (source.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n]);
    }
    const [row] = await sql<
      { key_hash: string; scopes: string[]; created_at: Date }[]
    >`select key_hash, scopes, created_at from credentials where username = 'erp-sync'`;
    const original = source.prepare("select created_at from credentials where username = 'erp-sync'").get() as { created_at: number };
    expect(row?.key_hash).toBe(sha256(erp.key));
    expect(row?.scopes).toEqual(["orders:read"]);
    expect(row?.created_at.getTime()).toBe(original.created_at);
    const [{ n: historyTotal } = { n: 0 }] = await sql<{ n: number }[]>`select sum(count)::int as n from api_history`;
    expect(historyTotal).toBe((source.prepare("select sum(count) as n from api_history").get() as { n: number }).n);
    // Ids handed out after the copy continue after the copied ones.
    const [next] = await sql<
      { id: number }[]
    >`insert into audit_log (at, actor_name, ip, action, target_type) values (now(), 'cli', 'local', 'test', 'test') returning id::int`;
    const highest = (source.prepare("select max(id) as id from audit_log").get() as { id: number }).id;
    expect(next?.id).toBeGreaterThan(highest);

    // The copied database serves the same key: a server on it logs erp-sync in and answers its token.
    const onPostgres = await openPgStore(url);
    const deps = createDeps(loadConfig({ DATABASE_PATH: join(tempDir(), "unused.sqlite"), DATABASE_URL: url }), onPostgres, Date.now, createLogger("silent"));
    cleanups.push(async () => {
      await deps.history.close();
      await onPostgres.close();
    });
    const app = createApp(deps);
    const login = await app.request(
      "/api/v1/login",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "erp-sync", key: erp.key }) },
      fromIp("192.0.2.44"),
    );
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const session = await app.request("/api/v1/session", { headers: { Authorization: `Bearer ${token}` } }, fromIp("192.0.2.44"));
    expect(await session.json()).toMatchObject({ username: "erp-sync", scopes: ["orders:read"] });
    expect((await app.request("/api/v1/session", { headers: { Authorization: `Bearer ${token}` } }, fromIp("198.51.100.1"))).status).toBe(401);

    const again = runCli(path, ["db", "copy", "--to", url]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/not empty/);
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from credentials`;
    expect(after?.n).toBe((source.prepare("select count(*) as n from credentials").get() as { n: number }).n);
  });

  it("refuses a target that is not PostgreSQL, and never prints a password", async () => {
    const { path } = await seededSqlite();
    const wrong = runCli(path, ["db", "copy", "--to", "mysql://root:hunter2@127.0.0.1/store"]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/postgres:\/\//);
    expect(wrong.stderr).not.toContain("hunter2");
    expect(runCli(path, ["db", "copy"]).stderr).toMatch(/Usage/);
    // A review's find: postgres:// alone copied into the driver's default database, unnamed.
    for (const vague of ["postgres://", "postgres://postgres:hunter2@127.0.0.1:5432", "postgresql:///store"]) {
      const refused = runCli(path, ["db", "copy", "--to", vague]);
      expect(refused, vague).toMatchObject({ status: 1, stderr: expect.stringMatching(/must name the host and the database/) });
      expect(refused.stderr).not.toContain("hunter2");
    }
  });

  it("migrates once when three instances start at the same moment on an empty database", async () => {
    const { url, sql } = await database();
    const stores = await Promise.all([openPgStore(url), openPgStore(url), openPgStore(url)]);
    for (const store of stores) await store.close();
    const [applied] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const journal = JSON.parse(readFileSync(join(pgMigrationsFolder, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
    expect(applied?.n).toBe(journal.entries.length);
    const months = await sql<{ name: string }[]>`select relname as name from pg_class where relname ~ '^api_history_[0-9]{4}_[0-9]{2}$'`;
    expect(months.length).toBe(3);
  });

  it("keeps history in monthly partitions, and retention drops whole months", async () => {
    const { path } = await seededSqlite();
    const { url, sql } = await database();
    expect(runCli(path, ["db", "copy", "--to", url]).status).toBe(0);
    const now = Date.now();
    const cutoff = now - 40 * DAY;
    const before = await sql<{ n: number }[]>`select count(*)::int as n from api_history where created_at >= ${new Date(cutoff).toISOString()}`;
    const store = await openPgStore(url);
    cleanups.push(() => store.close());
    const { months } = await pruneHistory(store.repos, now, 40);
    expect(months.length).toBeGreaterThan(0);
    const [oldest] = await sql<{ at: Date | null }[]>`select min(created_at) as at from api_history`;
    expect(oldest?.at?.getTime()).toBeGreaterThanOrEqual(cutoff);
    const [kept] = await sql<{ n: number }[]>`select count(*)::int as n from api_history`;
    expect(kept?.n).toBe(before[0]?.n);
  });
});

describe.runIf(testDatabaseUrl)("db copy and the two schemas", () => {
  it("merges two SQLite rows of the same calls in the same minute into one row holding both counts", async () => {
    const { path } = await seededSqlite();
    const store = openStore(path);
    const at = Date.UTC(2026, 10, 20, 9, 30, 5);
    const insert = store.sqlite.prepare(
      `insert into api_history (credential_id, username, call, ip, outcome, status, user_agent, count, created_at, updated_at)
       values (null, 'ghost', 'login', '203.0.113.9', 'unknown_username', 401, 'curl', ?, ?, ?)`,
    );
    insert.run(3, at, at + 10_000);
    insert.run(4, at + 20_000, at + 50_000);
    store.sqlite.close();
    const { url, sql } = await database();
    expect(runCli(path, ["db", "copy", "--to", url]).status).toBe(0);
    const rows = await sql<
      { count: number; created_at: Date; updated_at: Date }[]
    >`select count, created_at, updated_at from api_history where username = 'ghost'`;
    expect(rows.map((row) => [row.count, row.created_at.getTime(), row.updated_at.getTime()])).toEqual([[7, at, at + 50_000]]);
  });

  it("refuses, naming it, a SQLite column PostgreSQL's schema has no place for, rather than leave it behind", async () => {
    const { path } = await seededSqlite();
    const store = openStore(path);
    store.sqlite.exec("alter table credentials add column favourite_colour text");
    store.sqlite.close();
    const { url, sql } = await database();
    const refused = runCli(path, ["db", "copy", "--to", url]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("credentials.favourite_colour");
    const [tables] = await sql<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_name = 'credentials'`;
    expect(tables?.n).toBe(0);
  });
});
