import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { openPgStore } from "../src/db/pg/client.ts";
import { pgHistoryRecorder } from "../src/domain/history/pg-recorder.ts";
import type { CallRecord } from "../src/domain/history/recorder.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

/** A migrated database with one credential, and a way to open more connections ("instances") to it. */
async function database() {
  const created = await freshDatabase();
  cleanups.push(created.drop);
  const store = await openPgStore(created.url);
  await store.close();
  const instance = (options: postgres.Options<Record<string, never>> = {}) => {
    const sql = postgres(created.url, { max: 2, onnotice: () => {}, ...options });
    cleanups.push(() => sql.end());
    return sql;
  };
  // Drizzle's client reads times as text; the test reads them as the driver does, as Dates.
  const sql = instance();
  await sql`insert into credentials (id, username, key_prefix, status, scopes, created_at, updated_at)
    values ('cred_erp', 'erp-sync', 'gk_abcde', 'enabled', '[]', now(), now())`;
  return { sql, instance };
}

// In this month, whose partition start made (one test goes past the months made ahead).
const at = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1, 10, 15, 0);
const call = (overrides: Partial<CallRecord> = {}): CallRecord => ({
  credentialId: "cred_erp",
  username: null,
  call: "products.list",
  ip: "203.0.113.10",
  outcome: "ok",
  status: 200,
  userAgent: "erp/1.0",
  requestId: "req-0",
  at,
  ...overrides,
});

describe.runIf(testDatabaseUrl)("history on PostgreSQL, written by several instances", () => {
  it("two instances folding the same calls add up in one row per minute, with exact hourly counts and the last use", async () => {
    const { sql, instance } = await database();
    const errors: unknown[] = [];
    const recorders = [
      pgHistoryRecorder(instance(), (error) => errors.push(error), 60_000),
      pgHistoryRecorder(instance(), (error) => errors.push(error), 60_000),
    ];
    // 20 rounds: both record the same calls (in opposite orders of address) and flush at once.
    for (let round = 0; round < 20; round += 1) {
      recorders.forEach((recorder, index) => {
        const ips = ["203.0.113.10", "203.0.113.11", "203.0.113.12"];
        for (const ip of index === 0 ? ips : ips.toReversed()) {
          for (let n = 0; n < 5; n += 1) recorder.record(call({ ip, at: at + round * 1000 + n, requestId: `req-${index}-${round}-${n}` }));
        }
        recorder.record(call({ credentialId: null, username: "ghost", outcome: "unauthorized", status: 401, at: at + round * 1000 }));
      });
      await Promise.all(recorders.map((recorder) => recorder.flush()));
    }
    expect(errors).toEqual([]);
    const rows = await sql<{ ip: string; username: string | null; count: number; last_request_id: string }[]>`
      select ip, username, count, last_request_id from api_history order by username nulls first, ip`;
    expect(rows.map((row) => [row.ip, row.username, row.count])).toEqual([
      ["203.0.113.10", null, 200],
      ["203.0.113.11", null, 200],
      ["203.0.113.12", null, 200],
      ["203.0.113.10", "ghost", 40],
    ]);
    // The last call's request id, whichever instance made it.
    expect(rows[0]?.last_request_id).toMatch(/^req-[01]-19-4$/);
    const hourly = await sql<{ credential_id: string; outcome: string; calls: number }[]>`
      select credential_id, outcome, calls::int from api_history_hourly order by credential_id, outcome`;
    expect(hourly.map((row) => [row.credential_id, row.outcome, row.calls])).toEqual([
      ["", "unauthorized", 40],
      ["*", "ok", 600],
      ["*", "unauthorized", 40],
      ["cred_erp", "ok", 600],
    ]);
    const [used] = await sql<{ last_used_at: Date }[]>`select last_used_at from credentials where id = 'cred_erp'`;
    expect(used?.last_used_at.getTime()).toBe(at + 19 * 1000 + 4);
  });

  it("writes a flush as one statement, and calls a minute apart get a row of their own", async () => {
    const { sql, instance } = await database();
    const statements: string[] = [];
    const recorder = pgHistoryRecorder(instance({ debug: (_connection, query) => statements.push(query) }), () => {}, 60_000);
    recorder.record(call());
    recorder.record(call({ at: at + 59_999 }));
    recorder.record(call({ at: at + 60_000 }));
    await recorder.flush();
    // postgres.js reports a statement when it prepares it and when it runs it (and first reads
    // the array types from pg_catalog): one statement of ours.
    expect(new Set(statements.filter((query) => !query.includes("pg_catalog"))).size).toBe(1);
    const rows = await sql<{ count: number }[]>`select count from api_history order by window_start`;
    expect(rows.map((row) => row.count)).toEqual([2, 1]);
  });

  it("keeps a failed flush's calls and writes them with the next one", async () => {
    const { sql, instance } = await database();
    const errors: unknown[] = [];
    const recorder = pgHistoryRecorder(instance({ connection: { statement_timeout: 300 } }), (error) => errors.push(error), 60_000);
    for (let n = 0; n < 10; n += 1) recorder.record(call({ at: at + n }));
    // Another session holds the table: the flush times out, as it would with PostgreSQL away.
    const gate: { open?: () => void } = {};
    const released = new Promise<void>((resolve) => (gate.open = resolve));
    const holding = sql.begin(async (tx) => {
      await tx`lock table api_history in access exclusive mode`;
      await released;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const failing = recorder.flush();
    // Calls while the failing flush waits fold into rows of the next one; the failed rows join them.
    for (let n = 10; n < 12; n += 1) recorder.record(call({ at: at + n }));
    await expect(failing).rejects.toThrow(/statement timeout/);
    for (let n = 12; n < 15; n += 1) recorder.record(call({ at: at + n }));
    gate.open?.();
    await holding;
    await recorder.flush();
    const [row] = await sql<{ count: number }[]>`select count from api_history`;
    expect(row?.count).toBe(15);
    const [hour] = await sql<{ calls: number }[]>`select calls::int from api_history_hourly where credential_id = 'cred_erp'`;
    expect(hour?.calls).toBe(15);
  });

  it("creates the month a flush needs when its partition is missing (up longer than the months made at start), two ahead again", async () => {
    const { sql, instance } = await database();
    const errors: unknown[] = [];
    const recorder = pgHistoryRecorder(instance(), (error) => errors.push(error), 60_000);
    const later = Date.UTC(new Date().getUTCFullYear() + 1, 6, 15, 9, 0, 0);
    const monthsOf = async () =>
      (await sql<{ name: string }[]>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid order by 1`).map(({ name }) => name);
    const year = new Date(later).getUTCFullYear();
    expect(await monthsOf()).not.toContain(`api_history_${year}_07`);
    for (let n = 0; n < 3; n += 1) recorder.record(call({ at: later + n }));
    await recorder.flush();
    expect(errors).toEqual([]);
    const [row] = await sql<{ count: number }[]>`select count from api_history where window_start >= ${new Date(later)}`;
    expect(row?.count).toBe(3);
    expect(await monthsOf()).toEqual(expect.arrayContaining([`api_history_${year}_07`, `api_history_${year}_08`, `api_history_${year}_09`]));
  });
});
