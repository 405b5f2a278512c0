import { describe, expect, it } from "vitest";
import { openStore } from "../src/db/client.ts";
import type { CallRecord } from "../src/domain/history/recorder.ts";
import { MAX_ROW_SPAN_MS } from "../src/domain/history/repository.ts";
import { FOLD_WINDOW_MS, sqliteHistoryRecorder } from "../src/domain/history/sqlite-recorder.ts";
import { testClock } from "./helpers.ts";

function setup() {
  const store = openStore(":memory:");
  store.sqlite
    .prepare(
      "insert into credentials (id, username, key_hash, key_prefix, status, scopes, created_at, updated_at) values ('cred_a', 'erp-sync', 'h', 'gk_x', 'enabled', '[]', 0, 0)",
    )
    .run();
  const clock = testClock();
  const errors: unknown[] = [];
  const recorder = sqliteHistoryRecorder(store.sqlite, clock, (error) => errors.push(error), 60_000);
  const call = (overrides: Partial<CallRecord> = {}): CallRecord => ({
    credentialId: "cred_a",
    username: null,
    call: "products.list",
    ip: "203.0.113.10",
    outcome: "ok",
    status: 200,
    userAgent: "sync/1.0",
    requestId: "req_test",
    at: clock(),
    ...overrides,
  });
  const rows = () => {
    recorder.flush();
    return store.sqlite.prepare("select credential_id, call, ip, outcome, count, created_at, updated_at from api_history order by id").all() as {
      credential_id: string | null;
      call: string;
      ip: string;
      outcome: string;
      count: number;
      created_at: number;
      updated_at: number;
    }[];
  };
  return { store, clock, recorder, call, rows, errors };
}

describe("the history recorder", () => {
  it("folds identical calls less than 60 s apart into one row: Date Added first, Date Modified last", () => {
    const { clock, recorder, call, rows } = setup();
    const first = clock();
    recorder.record(call());
    clock.advance(FOLD_WINDOW_MS - 1);
    recorder.record(call());
    clock.advance(FOLD_WINDOW_MS - 1);
    recorder.record(call());
    expect(rows()).toEqual([expect.objectContaining({ count: 3, created_at: first, updated_at: first + 2 * (FOLD_WINDOW_MS - 1) })]);
  });

  it("keeps folding into a row that was already written", () => {
    const { clock, recorder, call, rows } = setup();
    recorder.record(call());
    expect(rows()[0]?.count).toBe(1);
    clock.advance(1000);
    recorder.record(call());
    recorder.record(call());
    expect(rows()).toEqual([expect.objectContaining({ count: 3 })]);
  });

  it("starts a new row 60 s after the last identical call", () => {
    const { clock, recorder, call, rows } = setup();
    recorder.record(call());
    clock.advance(FOLD_WINDOW_MS);
    recorder.record(call());
    expect(rows().map((row) => row.count)).toEqual([1, 1]);
  });

  // Unbounded, a key called every half minute kept one row all day, under its first call's date.
  it("starts a new row once a row's calls span an hour, however close they come", () => {
    const { clock, recorder, call, rows } = setup();
    const first = clock();
    const step = 30_000;
    for (let at = 0; at <= MAX_ROW_SPAN_MS + step; at += step) {
      recorder.record(call());
      clock.advance(step);
    }
    const written = rows();
    expect(written.map((row) => row.count)).toEqual([MAX_ROW_SPAN_MS / step, 2]);
    expect(written[0]).toMatchObject({ created_at: first, updated_at: first + MAX_ROW_SPAN_MS - step });
    expect(written[1]).toMatchObject({ created_at: first + MAX_ROW_SPAN_MS });
  });

  it.each([
    ["outcome", { outcome: "ip_not_allowed" as const, status: 403 }],
    ["address", { ip: "203.0.113.11" }],
    ["call", { call: "products.get" as const }],
    ["credential", { credentialId: null, username: "someone" }],
  ])("starts a new row when the %s differs", (_name, change) => {
    const { recorder, call, rows } = setup();
    recorder.record(call());
    recorder.record(call(change));
    recorder.record(call());
    expect(rows().map((row) => row.count)).toEqual([2, 1]);
  });

  it("keeps the last call's request id, on insert and on every fold", () => {
    const { clock, recorder, call, store } = setup();
    const requestIds = () => {
      recorder.flush();
      return store.sqlite.prepare("select last_request_id, count from api_history order by id").all();
    };
    recorder.record(call({ requestId: "req_first" }));
    expect(requestIds()).toEqual([{ last_request_id: "req_first", count: 1 }]);
    clock.advance(1000);
    recorder.record(call({ requestId: "req_second" }));
    recorder.record(call({ requestId: "req_third" }));
    expect(requestIds()).toEqual([{ last_request_id: "req_third", count: 3 }]);
    clock.advance(1000);
    recorder.record(call({ requestId: "req_fourth" }));
    expect(requestIds()).toEqual([{ last_request_id: "req_fourth", count: 4 }]);
  });

  it("counts N interleaved calls to exactly N", () => {
    const { clock, recorder, call, rows } = setup();
    const variants = [call(), call({ ip: "198.51.100.1" }), call({ outcome: "rate_limited", status: 429 }), call({ call: "session" })];
    const N = 10_000;
    for (let n = 0; n < N; n += 1) {
      clock.advance(n % 7 === 0 ? 1 : 0);
      recorder.record({ ...(variants[n % variants.length] as CallRecord), at: clock() });
      if (n % 997 === 0) recorder.flush();
    }
    expect(rows().reduce((sum, row) => sum + row.count, 0)).toBe(N);
  });

  it("loses nothing on close (SIGTERM)", () => {
    const { recorder, call, store } = setup();
    for (let n = 0; n < 5; n += 1) recorder.record(call());
    expect(store.sqlite.prepare("select count(*) as n from api_history").get()).toEqual({ n: 0 });
    recorder.close();
    expect(store.sqlite.prepare("select sum(count) as n from api_history").get()).toEqual({ n: 5 });
  });

  it("keeps each credential's last use current, and counts calls per hour", () => {
    const { clock, recorder, call, store, rows } = setup();
    recorder.record(call({ ip: "203.0.113.10" }));
    clock.advance(5000);
    recorder.record(call({ ip: "203.0.113.99", outcome: "ip_not_allowed", status: 403 }));
    recorder.record(call({ ip: "203.0.113.20" }));
    rows();
    expect(store.sqlite.prepare("select last_used_at, last_used_ip from credentials").get()).toEqual({ last_used_at: clock(), last_used_ip: "203.0.113.20" });
    expect(store.sqlite.prepare("select credential_id, outcome, calls from api_history_hourly order by credential_id, outcome").all()).toEqual([
      { credential_id: "*", outcome: "ip_not_allowed", calls: 1 },
      { credential_id: "*", outcome: "ok", calls: 2 },
      { credential_id: "cred_a", outcome: "ip_not_allowed", calls: 1 },
      { credential_id: "cred_a", outcome: "ok", calls: 2 },
    ]);
  });

  it("keeps rows in memory when a write fails, and writes them on the next flush", () => {
    const { recorder, call, store } = setup();
    recorder.record(call());
    store.sqlite.exec("alter table api_history rename to api_history_away");
    expect(() => recorder.flush()).toThrow(/no such table/);
    store.sqlite.exec("alter table api_history_away rename to api_history");
    recorder.record(call());
    recorder.flush();
    expect(store.sqlite.prepare("select sum(count) as n from api_history").get()).toEqual({ n: 2 });
  });
});
