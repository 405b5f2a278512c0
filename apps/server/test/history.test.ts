import type { ActivitySummary, Credential, HistoryChart, HistoryPage } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { csvCell } from "../src/domain/history/export-csv.ts";
import { pruneHistory } from "../src/domain/history/retention.ts";
import { DAY, MINUTE } from "../src/lib/time.ts";
import { asAdmin, errorOf, integrationSetup, jsonOf, signIn, countOf } from "./helpers.ts";

/** A credential with some allowed calls, refused calls and an unknown-username attempt. */
async function withTraffic() {
  const t = await integrationSetup();
  const erp = await t.credential({ scopes: ["products:read"] });
  const { token } = await t.login(erp.username, erp.key);
  for (let n = 0; n < 3; n += 1) await t.v1("GET", "/products", { token });
  t.clock.advance(MINUTE);
  // A second apart: rows of one millisecond have no order across instances (PostgreSQL sorts a flush).
  await t.v1("GET", "/orders", { token });
  t.clock.advance(1000);
  await t.v1("POST", "/login", { body: { username: erp.username, key: erp.key }, ip: "198.51.100.66" });
  t.clock.advance(1000);
  await t.v1("POST", "/login", { body: { username: "ghost-user", key: erp.key }, ip: "192.0.2.9" });
  const history = async (query: string) => jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history${query}`));
  return { ...t, erp, history };
}

describe("history", () => {
  it("lists a credential's calls newest first with counts and outcomes", async () => {
    const t = await withTraffic();
    const page = await t.history(`?credentialId=${t.erp.id}`);
    expect(page.items.map((row) => [row.call, row.outcome, row.count, row.ip])).toEqual([
      ["login", "ip_not_allowed", 1, "198.51.100.66"],
      ["orders.list", "insufficient_scope", 1, "203.0.113.10"],
      ["products.list", "ok", 3, "203.0.113.10"],
      ["login", "ok", 1, "203.0.113.10"],
    ]);
    expect(page.items[2]).toMatchObject({ username: t.erp.username, credentialDeleted: false, status: 200 });
  });

  it("shows unknown-username attempts store-wide", async () => {
    const t = await withTraffic();
    const page = await t.history("?outcome=unauthorized");
    expect(page.items).toEqual([expect.objectContaining({ credentialId: null, username: "ghost-user", ip: "192.0.2.9", call: "login" })]);
    expect((await t.history("?username=GHOST-USER")).items).toHaveLength(1);
    expect((await t.history(`?username=${t.erp.username}`)).items).toHaveLength(4);
  });

  it("filters by call, address (any spelling), outcome and date range, and pages with the cursor", async () => {
    const t = await withTraffic();
    expect((await t.history("?call=products.list")).items).toHaveLength(1);
    expect((await t.history("?ip=::ffff:198.51.100.66")).items).toHaveLength(1);
    const since = new Date(t.clock() - 30_000).toISOString();
    expect((await t.history(`?from=${encodeURIComponent(since)}`)).items.map((row) => row.call)).toEqual(["login", "login", "orders.list"]);
    const first = await t.history("?limit=2");
    const second = await t.history(`?limit=2&cursor=${first.nextCursor}`);
    const third = await t.history(`?limit=2&cursor=${second.nextCursor}`);
    expect([...first.items, ...second.items, ...third.items].map((row) => row.id)).toEqual((await t.history("")).items.map((row) => row.id));
    expect(third.nextCursor).toBeNull();
  });

  it("marks a deleted credential's rows and keeps them", async () => {
    const t = await withTraffic();
    await t.call("DELETE", `/api/admin/credentials/${t.erp.id}`);
    const page = await t.history(`?credentialId=${t.erp.id}`);
    expect(page.items).toHaveLength(4);
    expect(page.items.every((row) => row.credentialDeleted)).toBe(true);
  });

  it.each(["?outcome=weird", "?call=products.delete", "?limit=0", "?cursor=abc", "?from=monday", `?ip=${"1".repeat(65)}`])("refuses %s", async (query) => {
    const t = await integrationSetup();
    const res = await t.call("GET", `/api/admin/history${query}`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });

  // An IP filter that is not one address, or a range that ends before it starts, used to answer
  // an empty page, which reads as "no such calls"; the list and the CSV export say why instead.
  it.each([
    ["ip=0177.0.0.1", "ip", /"0177\.0\.0\.1" has a leading zero/],
    ["ip=127.0.0", "ip", /"127\.0\.0" is a shortened address/],
    ["ip=127.0.0.0%2F8", "ip", /takes one address, like 192\.0\.2\.10, not a range/],
    ["ip=203.0.113.*", "ip", /not a range or a wildcard/],
    ["ip=not-an-address", "ip", /"not-an-address" is not an IP address/],
    ["from=2026-05-02T00%3A00%3A00Z&to=2026-05-01T00%3A00%3A00Z", "to", /To must be on or after From/],
    // Empty, as a hand-edited URL leaves them: zod's own "Too small: expected string…" before.
    ["ip=", "ip", /^Type an address, or leave the filter out$/],
    ["username=%20", "username", /^Type an API Username, or leave the filter out$/],
    ["credentialId=", "credentialId", /^Choose an API, or leave the filter out$/],
    // A review's find: year 1, less the hour From reaches back, was year 0 for PostgreSQL: a 500.
    ["from=0001-01-01T00%3A30%3A00Z", "from", /^Use a date from 1970 on$/],
    ["to=0000-06-01T00%3A00%3A00Z", "to", /^Use a date from 1970 on$/],
  ])("refuses ?%s naming the field %s, in the list and the CSV export", async (query, field, message) => {
    const t = await integrationSetup();
    for (const path of ["/api/admin/history", "/api/admin/history/export.csv"]) {
      const res = await t.call("GET", `${path}?${query}`);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe("invalid_request");
      expect(error.fields?.[field]).toMatch(message);
    }
  });

  it("finds the rows recorded under a network by that network, however it is written", async () => {
    const t = await integrationSetup();
    const recorded = ["::/0", "0.0.0.0/0", "2001:db8:1:2::/64", "2001:db8:0:0::/64", "192.0.2.9"];
    for (const ip of recorded) {
      t.deps.history.record({
        credentialId: null,
        username: null,
        call: "login",
        ip,
        outcome: "unauthorized",
        status: 401,
        userAgent: "",
        requestId: "r",
        at: t.clock(),
      });
    }
    await t.deps.history.flush();
    const found = async (ip: string) =>
      (await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?ip=${encodeURIComponent(ip)}`))).items.map((row) => row.ip);
    expect(await found("::/0")).toEqual(["::/0"]);
    expect(await found(" 0.0.0.0/0 ")).toEqual(["0.0.0.0/0"]);
    // A review's find: these forms of the same networks were refused.
    expect(await found("0::0/0")).toEqual(["::/0"]);
    expect(await found("0:0:0:0:0:0:0:0/0")).toEqual(["::/0"]);
    expect(await found("2001:0db8:0001:0002:0000::/64")).toEqual(["2001:db8:1:2::/64"]);
    expect(await found("2001:db8::/64")).toEqual(["2001:db8:0:0::/64"]);
    expect(await found("::ffff:192.0.2.9")).toEqual(["192.0.2.9"]);
    for (const ip of ["192.0.2.0/24", "2001:db8::/48", "::ffff:192.0.2.9/64", "0.0.0.0/1", "::1/0", "10.0.0.0/0"]) {
      const res = await t.call("GET", `/api/admin/history?ip=${encodeURIComponent(ip)}`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).fields?.ip).toMatch(/takes one address/);
    }
  });

  it("takes a From equal to To", async () => {
    const t = await integrationSetup();
    const at = encodeURIComponent("2026-05-01T00:00:00Z");
    expect((await t.call("GET", `/api/admin/history?from=${at}&to=${at}`)).status).toBe(200);
  });

  it("charts calls by outcome per bucket, and summarises the last 24 hours", async () => {
    const t = await withTraffic();
    const chart = await jsonOf<HistoryChart>(await t.call("GET", `/api/admin/history/chart?range=24h&credentialId=${t.erp.id}`));
    expect(chart.buckets).toHaveLength(24);
    const totals = chart.buckets.reduce<Record<string, number>>((sum, bucket) => {
      for (const [outcome, calls] of Object.entries(bucket.counts)) sum[outcome] = (sum[outcome] ?? 0) + (calls ?? 0);
      return sum;
    }, {});
    expect(totals).toEqual({ ok: 4, insufficient_scope: 1, ip_not_allowed: 1 });
    expect((await jsonOf<HistoryChart>(await t.call("GET", "/api/admin/history/chart?range=30d"))).buckets).toHaveLength(30);
    const summary = await jsonOf<ActivitySummary>(await t.call("GET", "/api/admin/history/summary"));
    expect(summary).toMatchObject({ calls24h: 7, denied24h: 3 });
    expect(summary.topDeniedIps.map((row) => row.ip).toSorted()).toEqual(["192.0.2.9", "198.51.100.66", "203.0.113.10"]);
  });

  // A review's find: 12 refusals from one IPv6 /64, one an address, were left out of the top 5.
  it("counts an IPv6 address's refusals in its /64 among the most refused addresses", async () => {
    const t = await integrationSetup();
    const erp = await t.credential();
    for (let n = 1; n <= 6; n += 1) await t.v1("POST", "/login", { body: { username: erp.username, key: "gk_wrong" }, ip: `2001:db8:7:7::${n}` });
    for (let n = 0; n < 4; n += 1) await t.v1("POST", "/login", { body: { username: erp.username, key: "gk_wrong" }, ip: "203.0.113.77" });
    await t.deps.history.flush();
    const summary = await jsonOf<ActivitySummary>(await t.call("GET", "/api/admin/history/summary"));
    expect(summary.topDeniedIps).toEqual([
      { ip: "2001:db8:7:7::/64", calls: 6 },
      { ip: "203.0.113.77", calls: 4 },
    ]);
  });

  it.each(["24h", "7d", "30d"])("counts every call in the %s chart, whatever hour it was made", async (range) => {
    const t = await integrationSetup();
    const erp = await t.credential();
    // 13:17 UTC: not the first hour of a 6-hour or a day bucket.
    t.clock.advance(77 * MINUTE);
    await t.login(erp.username, erp.key);
    await t.login(erp.username, erp.key, "198.51.100.5");
    const { cookie } = await signIn(t.app, "olivia");
    const res = await asAdmin(t.app, cookie)("GET", `/api/admin/history/chart?range=${range}&credentialId=${erp.id}`);
    const chart = await jsonOf<HistoryChart>(res);
    expect(chart.buckets.filter((bucket) => Object.keys(bucket.counts).length > 0)).toEqual([{ at: expect.any(String), counts: { ok: 1, ip_not_allowed: 1 } }]);
  });

  it("lists credentials unused for 90 days", async () => {
    const t = await integrationSetup();
    const idle = await t.credential();
    const busy = await t.credential();
    t.clock.advance(91 * DAY);
    await t.login(busy.username, busy.key);
    // 91 days on, the admin session has long ended: sign in again.
    const { cookie } = await signIn(t.app, "olivia");
    const summary = await jsonOf<ActivitySummary>(await asAdmin(t.app, cookie)("GET", "/api/admin/history/summary"));
    expect(summary.unusedCredentials.map((row) => row.username)).toEqual([idle.username]);
  });

  it("lists keys expiring within 14 days, soonest first, and keys never used", async () => {
    const t = await integrationSetup();
    const start = t.clock();
    const at = (days: number) => new Date(start + days * DAY).toISOString();
    const inTen = await t.credential({ expiresAt: at(10) });
    const inThree = await t.credential({ expiresAt: at(3) });
    const inFifteen = await t.credential({ expiresAt: at(15) });
    const used = await t.credential({ expiresAt: at(13) });
    const expired = await t.credential({ expiresAt: at(1) });
    const later = await t.credential();
    t.clock.advance(DAY + MINUTE);
    expect((await t.login(used.username, used.key)).res.status).toBe(200);
    await t.deps.history.flush();
    const { cookie } = await signIn(t.app, "olivia");
    const summary = await jsonOf<ActivitySummary>(await asAdmin(t.app, cookie)("GET", "/api/admin/history/summary"));
    // Day 1 has gone by: 2 and 9 days left; the one at 15 is now 14 days away, the expired one is no longer "expiring".
    expect(summary.expiringCredentials).toEqual([
      { id: inThree.id, username: inThree.username, expiresAt: at(3) },
      { id: inTen.id, username: inTen.username, expiresAt: at(10) },
      { id: used.id, username: used.username, expiresAt: at(13) },
      { id: inFifteen.id, username: inFifteen.username, expiresAt: at(15) },
    ]);
    expect(summary.neverUsedCredentials.map((row) => row.username).toSorted()).toEqual(
      [inTen.username, inThree.username, inFifteen.username, later.username].toSorted(),
    );
    expect(summary.neverUsedCredentials.map((row) => row.username)).not.toContain(expired.username);
    expect([summary.expiringCount, summary.neverUsedCount]).toEqual([4, 4]);
  });

  it("lists the first ten of a long list and says how many there are in all", async () => {
    const t = await integrationSetup();
    for (let i = 0; i < 13; i++) await t.credential({ expiresAt: new Date(t.clock() + 5 * DAY).toISOString() });
    const { cookie } = await signIn(t.app, "olivia");
    const summary = await jsonOf<ActivitySummary>(await asAdmin(t.app, cookie)("GET", "/api/admin/history/summary"));
    expect([summary.expiringCredentials.length, summary.expiringCount]).toEqual([10, 13]);
    expect([summary.neverUsedCredentials.length, summary.neverUsedCount]).toEqual([10, 13]);
    expect([summary.unusedCredentials.length, summary.unusedCount]).toEqual([0, 0]);
  });

  it("adds a refused address to the allowed IPs from its row, after which it works", async () => {
    const t = await withTraffic();
    const refused = (await t.history("?outcome=ip_not_allowed")).items[0];
    const res = await t.call("POST", `/api/admin/credentials/${refused?.credentialId}/allowed-ips`, { entry: refused?.ip, note: "from history" });
    expect((await jsonOf<Credential>(res)).allowedIps).toContainEqual({ entry: "198.51.100.66", note: "from history" });
    expect((await t.login(t.erp.username, t.erp.key, "198.51.100.66")).res.status).toBe(200);
    const again = await t.call("POST", `/api/admin/credentials/${refused?.credentialId}/allowed-ips`, { entry: "198.51.100.66" });
    expect(again.status).toBe(400);
    // Written as a one-address range it is the same entry, refused as such and not appended.
    const asRange = await t.call("POST", `/api/admin/credentials/${refused?.credentialId}/allowed-ips`, { entry: "198.51.100.66/32" });
    expect(asRange.status).toBe(400);
    expect((await errorOf(asRange)).message).toBe("198.51.100.66/32 is already allowed by 198.51.100.66");
  });
});

describe("CSV export", () => {
  it("streams the filtered rows with a header, and defuses spreadsheet formulas", async () => {
    const t = await withTraffic();
    await t.v1("GET", "/session", { headers: { "User-Agent": '=HYPERLINK("http://evil.example","x")' } });
    const res = await t.call("GET", `/api/admin/history/export.csv?credentialId=${t.erp.id}`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="gatehouse-history-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("Date Added,Date Modified,API Username,Call,IP Address,Outcome,Status,Count,User Agent,Last Request ID");
    expect(lines).toHaveLength(5);
    expect(lines.find((line) => line.includes("products.list"))).toMatch(/,products\.list,203\.0\.113\.10,ok,200,3,.*,req_[\w-]+$/);
    const all = await (await t.call("GET", "/api/admin/history/export.csv")).text();
    expect(all).toContain("ghost-user (unknown)");
    // A Bearer token nobody issued names no one: "unknown", as the screen says.
    await t.v1("GET", "/session", { token: "gt_neverissued", ip: "192.0.2.8" });
    const anonymous = (await (await t.call("GET", "/api/admin/history/export.csv")).text()).split("\r\n").find((line) => line.includes("192.0.2.8"));
    expect(anonymous).toMatch(/^[^,]+,[^,]+,unknown,session,192\.0\.2\.8,/);
    expect(all).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });

  it.each([
    ["=1+2", "'=1+2"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ['say "hi", ok', '"say ""hi"", ok"'],
    ["line\nbreak", '"line\nbreak"'],
    [42, "42"],
    [null, ""],
  ])("cell %j becomes %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("retention", () => {
  it("prunes rows and hourly counts older than the retention period, in batches", async () => {
    const t = await withTraffic();
    await t.deps.history.flush();
    t.clock.advance(89 * DAY);
    expect(await pruneHistory(t.store.repos, t.clock(), 90)).toEqual({ rows: 0, months: [] });
    t.clock.advance(2 * DAY);
    expect(await pruneHistory(t.store.repos, t.clock(), 90)).toEqual({ rows: 5, months: [] });
    expect(await countOf(t.store, "api_history")).toBe(0);
    expect(await countOf(t.store, "api_history_hourly")).toBe(0);
  });
});
