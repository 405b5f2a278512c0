import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deniedOutcomes, type HistoryFilters } from "@gatehouse/shared";
import { historyChart } from "../src/domain/history/chart.ts";
import { exportHistoryCsv } from "../src/domain/history/export-csv.ts";
import { listHistory } from "../src/domain/history/list.ts";
import type { HistoryEntry, SeedEntry } from "../src/domain/history/repository.ts";
import { pruneHistory } from "../src/domain/history/retention.ts";
import { seedHistory } from "../src/domain/history/seed.ts";
import { STORE_WIDE } from "../src/domain/history/sqlite-recorder.ts";
import { activitySummary } from "../src/domain/history/summary.ts";
import type { Repositories } from "../src/db/repositories.ts";
import { encodeCursor } from "../src/lib/keyset.ts";
import { DAY, HOUR, MINUTE } from "../src/lib/time.ts";
import { backends, type OpenedRepositories } from "./backends.ts";

const NOW = Date.UTC(2026, 10, 25, 12, 30);
const SEED = { rows: 3000, credentials: 5, now: NOW, spanDays: 60, seed: 3 };
// Beside the seeded rows: an unknown username, and a refusal of an address on id(0)'s list.
const EXTRA: SeedEntry[] = [
  { credentialId: null, username: "guess-who", call: "login", ip: "198.51.100.20", outcome: "unauthorized", status: 401, count: 3, at: NOW - 5 * HOUR },
  // A guess at seed-1's name, recorded without its credential (as after the key is deleted).
  { credentialId: null, username: "seed-1", call: "login", ip: "198.51.100.21", outcome: "unauthorized", status: 401, count: 2, at: NOW - 4 * HOUR },
  {
    credentialId: "cred_seed0000000",
    username: null,
    call: "products.list",
    ip: "203.0.113.7",
    outcome: "ip_not_allowed",
    status: 403,
    count: 2,
    at: NOW - 3 * HOUR,
  },
  // Late in its minute: a range starting earlier in that minute must find it (PostgreSQL bounds the minute too).
  { credentialId: "cred_seed0000001", username: null, call: "orders.list", ip: "10.0.2.2", outcome: "ok", status: 200, count: 1, at: NOW - 7 * DAY + 59_000 },
];
const TOTAL = SEED.rows + EXTRA.length;
const id = (n: number) => `cred_seed${String(n).padStart(7, "0")}`;

/** What id(0)'s allow list lets in. */
const allowed = (ip: string) => ip.startsWith("10.0.1.") || ip === "203.0.113.7";

/** A time as the backend's SQL writes it: epoch ms in SQLite, a timestamptz in PostgreSQL. */
const timeIn = (backend: string, ms: number) => (backend === "PostgreSQL" ? `'${new Date(ms).toISOString()}'` : String(ms));

/**
 * The seeded store plus what no history repository writes: an allow list, and keys for each of
 * the Activity cards (seed-1 unused for months, seed-2 expiring, seed-3 used, seed-4 deleted).
 */
async function seeded(backend: (typeof backends)[number]): Promise<OpenedRepositories> {
  const opened = await backend.open();
  await seedHistory(opened.repos, SEED);
  await opened.repos.history.seedEntries(EXTRA);
  await opened.repos.history.addHourly(
    EXTRA.flatMap((row) =>
      [row.credentialId ?? "", STORE_WIDE].map((credentialId) => ({ hour: row.at - (row.at % HOUR), credentialId, outcome: row.outcome, calls: row.count })),
    ),
  );
  const time = (ms: number) => timeIn(backend.name, ms);
  await opened.run(`insert into allowed_ips (credential_id, position, entry, note) values
    ('${id(0)}', 0, '10.0.1.0/24', ''), ('${id(0)}', 1, '203.0.113.7', ''), ('${id(3)}', 0, '10.0.0.0/16', '')`);
  await opened.run(`update credentials set created_at = ${time(NOW - 200 * DAY)}, last_used_at = ${time(NOW - 120 * DAY)} where id = '${id(1)}'`);
  await opened.run(`update credentials set expires_at = ${time(NOW + 3 * DAY)} where id = '${id(2)}'`);
  await opened.run(`update credentials set last_used_at = ${time(NOW - DAY)} where id = '${id(3)}'`);
  await opened.run(`update credentials set deleted_at = ${time(NOW - HOUR)} where id = '${id(4)}'`);
  // A row whose calls ran for 50 minutes, as a key called without a pause makes.
  await opened.run(`update api_history set updated_at = ${time(NOW - 5 * HOUR + 50 * MINUTE)} where username = 'guess-who'`);
  return opened;
}

async function everyPage(repos: Repositories, filters: HistoryFilters) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await listHistory(repos, { ...filters, limit: 200, cursor });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

async function csv(repos: Repositories, filters: HistoryFilters) {
  let text = "";
  await exportHistoryCsv(repos, filters, async (chunk) => {
    text += chunk;
  });
  return text;
}

/** Whether a row had a call in the range: its first at or before `to`, its last at or after `from`. */
const callsWithin = (e: HistoryEntry, from: number, to: number) => e.createdAt <= to && e.updatedAt >= from;

const filterCases: [string, HistoryFilters, (entry: HistoryEntry) => boolean][] = [
  ["a credential", { credentialId: id(0) }, (e) => e.credentialId === id(0)],
  // A review's find: the attempts made with a key's name but recorded without it were not found.
  ["a username, any case", { username: "SEED-1" }, (e) => e.credentialId === id(1) || (e.credentialId === null && e.username === "seed-1")],
  ["a username that matched no key", { username: "Guess-Who" }, (e) => e.credentialId === null && e.username === "guess-who"],
  ["a call", { call: "orders.get" }, (e) => e.call === "orders.get"],
  ["an address, as written with ::ffff:", { ip: "::ffff:203.0.113.7" }, (e) => e.ip === "203.0.113.7"],
  ["an outcome", { outcome: "ip_not_allowed" }, (e) => e.outcome === "ip_not_allowed"],
  [
    "a date range",
    { from: new Date(NOW - 20 * DAY).toISOString(), to: new Date(NOW - 10 * DAY).toISOString() },
    (e) => callsWithin(e, NOW - 20 * DAY, NOW - 10 * DAY),
  ],
  [
    "a credential, outcome and date",
    { credentialId: id(0), outcome: "ok", from: new Date(NOW - 30 * DAY).toISOString() },
    (e) => e.credentialId === id(0) && e.outcome === "ok" && callsWithin(e, NOW - 30 * DAY, Infinity),
  ],
  [
    "half a minute",
    { from: new Date(NOW - 7 * DAY + 30_000).toISOString(), to: new Date(NOW - 7 * DAY + 59_000).toISOString() },
    (e) => callsWithin(e, NOW - 7 * DAY + 30_000, NOW - 7 * DAY + 59_000),
  ],
  // A review's find: a range inside a long row's calls, after its first, showed nothing.
  [
    "ten minutes inside one row's calls",
    { from: new Date(NOW - 5 * HOUR + 20 * MINUTE).toISOString(), to: new Date(NOW - 5 * HOUR + 30 * MINUTE).toISOString() },
    (e) => callsWithin(e, NOW - 5 * HOUR + 20 * MINUTE, NOW - 5 * HOUR + 30 * MINUTE),
  ],
  ["an address nobody used", { ip: "198.51.100.1" }, () => false],
];

describe.each(backends)("history on $name", (backend) => {
  let opened: OpenedRepositories;
  let all: HistoryEntry[];
  beforeAll(async () => {
    opened = await seeded(backend);
    all = await opened.repos.history.entries({}, null, 10_000);
  }, 60_000);
  afterAll(() => opened.close());

  it("holds the seeded rows newest first, with their credentials' names", () => {
    expect(all).toHaveLength(TOTAL);
    for (let n = 1; n < all.length; n += 1) {
      const [newer, older] = [all[n - 1] as HistoryEntry, all[n] as HistoryEntry];
      expect(newer.createdAt > older.createdAt || (newer.createdAt === older.createdAt && newer.id > older.id)).toBe(true);
    }
    const known = all.find((e) => e.credentialId === id(2));
    expect(known).toMatchObject({ credentialUsername: "seed-2", credentialDeletedAt: null, userAgent: "seed/1.0", lastRequestId: null });
    expect(all.find((e) => e.credentialId === id(4))?.credentialDeletedAt).toBe(NOW - HOUR);
    expect(all.find((e) => e.credentialId === null)).toMatchObject({ credentialUsername: null, credentialDeletedAt: null });
  });

  it("pages through everything with the cursor, each row once", async () => {
    const pages = await everyPage(opened.repos, {});
    expect(pages).toHaveLength(Math.ceil(TOTAL / 200));
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(all.map((e) => e.id));
  });

  it.each(filterCases)("filters by %s, on pages and in the CSV", async (_name, filters, matches) => {
    const expected = all.filter(matches);
    const pages = await everyPage(opened.repos, filters);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(expected.map((e) => e.id));
    if (_name !== "an address nobody used") expect(expected.length).toBeGreaterThan(0);
    const lines = (await csv(opened.repos, filters)).split("\r\n");
    expect(lines).toHaveLength(expected.length + 2);
  });

  it("exports every row as CSV, in batches, newest first", async () => {
    const lines = (await csv(opened.repos, {})).split("\r\n");
    expect(lines).toHaveLength(TOTAL + 2);
    expect(lines.at(-1)).toBe("");
    const newest = all[0] as HistoryEntry;
    expect(lines[1]?.startsWith(`${new Date(newest.createdAt).toISOString()},${new Date(newest.updatedAt).toISOString()},`)).toBe(true);
    expect(lines.filter((line) => line.includes("seed-4 (deleted)")).length).toBe(all.filter((e) => e.credentialId === id(4)).length);
  });

  it("marks a row allowed today when its live key's list lets its address in now", async () => {
    const items = (await everyPage(opened.repos, { credentialId: id(0) })).flatMap((page) => page.items);
    expect(items.map((item) => item.allowedNow)).toEqual(items.map((item) => allowed(item.ip)));
    expect(items.some((item) => item.allowedNow)).toBe(true);
    const lists = await opened.repos.history.allowLists([id(0), id(3), id(2)]);
    expect([...lists]).toEqual([
      [id(0), ["10.0.1.0/24", "203.0.113.7"]],
      [id(3), ["10.0.0.0/16"]],
      [id(2), []],
    ]);
    // A deleted key's rows are never allowed, whatever its list said.
    const deleted = (await listHistory(opened.repos, { credentialId: id(4), limit: 50 })).items;
    expect(deleted.every((item) => !item.allowedNow)).toBe(true);
  });

  it("refuses a cursor it could not have issued with a 400", async () => {
    for (const key of ["9999999999999999.1", "1.x", ""]) {
      await expect(listHistory(opened.repos, { limit: 50, cursor: encodeCursor(key) || "AA" })).rejects.toMatchObject({ status: 400 });
    }
  });

  it("finds the credentials of a username, ignoring case", async () => {
    expect(await opened.repos.history.credentialIdsNamed("Seed-3")).toEqual([id(3)]);
    expect(await opened.repos.history.credentialIdsNamed("nobody")).toEqual([]);
  });

  it.each(["24h", "7d", "30d"] as const)("charts %s from the hourly roll-up, adding up to the rows", async (range) => {
    for (const credentialId of [undefined, id(0)]) {
      const chart = await historyChart(opened.repos, NOW, range, credentialId);
      const start = Date.parse(chart.buckets[0]?.at ?? "");
      const fromRows = all
        .filter((e) => e.createdAt - (e.createdAt % HOUR) >= start && (credentialId === undefined || e.credentialId === credentialId))
        .reduce((sum, e) => sum + e.count, 0);
      const charted = chart.buckets.flatMap((bucket) => Object.values(bucket.counts)).reduce((sum, calls) => sum + calls, 0);
      expect(charted).toBe(fromRows);
      expect(fromRows).toBeGreaterThan(0);
    }
  });

  it("sums the last 24 hours and the most refused addresses for Activity", async () => {
    const summary = await activitySummary(opened.repos, NOW);
    const since = NOW - (NOW % HOUR) - 23 * HOUR;
    const recent = all.filter((e) => e.createdAt >= since);
    expect(summary.calls24h).toBe(recent.reduce((sum, e) => sum + e.count, 0));
    expect(summary.denied24h).toBe(recent.filter((e) => deniedOutcomes.includes(e.outcome as never)).reduce((sum, e) => sum + e.count, 0));
    const refused = new Map<string, number>();
    for (const e of all) if (e.createdAt >= NOW - DAY && deniedOutcomes.includes(e.outcome as never)) refused.set(e.ip, (refused.get(e.ip) ?? 0) + e.count);
    const top = [...refused].map(([ip, calls]) => ({ ip, calls })).toSorted((a, b) => b.calls - a.calls || (a.ip < b.ip ? -1 : 1));
    expect(summary.topDeniedIps).toEqual(top.slice(0, 5));
    expect(summary.topDeniedIps.length).toBeGreaterThan(0);
  });

  it("lists unused, expiring and never used live keys, and counts past the first few", async () => {
    const summary = await activitySummary(opened.repos, NOW);
    expect(summary.unusedCredentials).toEqual([
      { id: id(1), username: "seed-1", lastUsedAt: new Date(NOW - 120 * DAY).toISOString(), createdAt: new Date(NOW - 200 * DAY).toISOString() },
    ]);
    expect(summary.expiringCredentials).toEqual([{ id: id(2), username: "seed-2", expiresAt: new Date(NOW + 3 * DAY).toISOString() }]);
    expect(summary.neverUsedCredentials.map((key) => key.username)).toEqual(["seed-0", "seed-2"]);
    expect([summary.unusedCount, summary.expiringCount, summary.neverUsedCount]).toEqual([1, 1, 2]);
    expect(await opened.repos.history.neverUsedKeys(NOW, 1)).toEqual({ rows: [{ id: id(0), username: "seed-0", createdAt: NOW - 60 * DAY }], count: 2 });
    expect((await opened.repos.history.unusedKeys(NOW, 1)).count).toBe(4);
    expect((await opened.repos.history.expiringKeys(NOW, NOW + 5 * DAY, 1)).count).toBe(1);
  });
});

describe.each(backends)("history retention on $name", (backend) => {
  it("removes rows and hourly counts before the cutoff, even with two instances pruning at once", async () => {
    const opened = await seeded(backend);
    try {
      const all = await opened.repos.history.entries({}, null, 10_000);
      const cutoff = NOW - 30 * DAY;
      const [first, second] = await Promise.all([pruneHistory(opened.repos, NOW, 30), pruneHistory(opened.repos, NOW, 30)]);
      const kept = await opened.repos.history.entries({}, null, 10_000);
      expect(kept.map((e) => e.id)).toEqual(all.filter((e) => e.createdAt >= cutoff).map((e) => e.id));
      // PostgreSQL drops September whole (it ended before the cutoff) and deletes October's older rows.
      const months = [...(first?.months ?? []), ...(second?.months ?? [])];
      expect(months).toEqual(backend.name === "PostgreSQL" ? ["api_history_2026_09"] : []);
      const inSeptember = all.filter((e) => e.createdAt < Date.UTC(2026, 9, 1)).length;
      const removedOneByOne = (first?.rows ?? 0) + (second?.rows ?? 0);
      expect(removedOneByOne).toBe(all.length - kept.length - (backend.name === "PostgreSQL" ? inSeptember : 0));
      const chart = await historyChart(opened.repos, NOW, "30d");
      expect(chart.buckets.flatMap((bucket) => Object.values(bucket.counts)).length).toBeGreaterThan(0);
      expect(await opened.repos.history.pruneHourly(cutoff - (cutoff % HOUR))).toBe(0);
      expect(await opened.repos.history.pruneEntries(cutoff, 100)).toEqual({ rows: 0, months: [] });
    } finally {
      await opened.close();
    }
  }, 60_000);
});

describe.runIf(backends.length > 1)("history contract: SQLite and PostgreSQL give the same answers", () => {
  let sides: OpenedRepositories[];
  beforeAll(async () => {
    sides = await Promise.all(backends.map(seeded));
  }, 60_000);
  afterAll(async () => {
    for (const side of sides) await side.close();
  });
  const both = async <T>(read: (repos: Repositories) => Promise<T>) => {
    const [sqlite, pg] = await Promise.all(sides.map((side) => read(side.repos)));
    expect(pg).toEqual(sqlite);
    return sqlite as T;
  };

  it.each([...filterCases.map(([name, filters]) => [name, filters] as const), ["nothing", {}] as const])(
    "pages and CSV filtered by %s",
    async (_name, filters) => {
      const pages = await both((repos) => everyPage(repos, filters));
      const text = await both((repos) => csv(repos, filters));
      expect(text.split("\r\n")).toHaveLength(pages.reduce((sum, page) => sum + page.items.length, 0) + 2);
    },
  );

  it.each(["24h", "7d", "30d"] as const)("the %s chart", async (range) => {
    expect((await both((repos) => historyChart(repos, NOW, range))).buckets.length).toBeGreaterThanOrEqual(24);
    expect((await both((repos) => historyChart(repos, NOW, range, id(1)))).buckets.length).toBeGreaterThanOrEqual(24);
  });

  it("the Activity summary", async () => {
    const summary = await both((repos) => activitySummary(repos, NOW));
    expect(summary.calls24h).toBeGreaterThan(0);
  });
});
