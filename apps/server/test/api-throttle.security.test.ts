import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { fromIp, integrationSetup, jsonOf, rowsOf, wrongKey } from "./helpers.ts";
import { overHttp } from "./over-http.ts";

/**
 * Attacks on the integration API's failure throttles, over real HTTP from rotating addresses
 * (the server trusts 127.0.0.1 as a proxy, so X-Forwarded-For chooses the client address).
 */
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function setup() {
  const t = await integrationSetup(undefined, { TRUSTED_PROXIES: "127.0.0.1" });
  const http = await overHttp(t.deps);
  closers.push(http.close);
  const login = (username: string, key: string, ip: string) => http.send("POST", "/api/v1/login", { body: { username, key }, ip });
  return { ...t, http, login };
}

type Request = Parameters<Awaited<ReturnType<typeof overHttp>>["flood"]>[0][number];
const randomToken = () => randomBytes(32).toString("base64url");
/** An address in the nth /64 of 2001:db8::/48. */
const eachNetwork = (n: number) => `2001:db8:${n.toString(16)}::1`;
const nthAddress = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
/** 100 failed logins, each with a new username (`guess-<from>`…), from `ip(n)`. */
const guesses = (from: number, ip: (n: number) => string) =>
  Array.from({ length: 100 }, (_, i): [string, string, { body: object; ip: string }] => [
    "POST",
    "/api/v1/login",
    { body: { username: `guess-${from + i}`, key: "gk_not-a-key" }, ip: ip(from + i) },
  ]);

describe("integration API throttles under attack", () => {
  it("never refuse a good key because of other failures from its address", async () => {
    const t = await setup();
    const victim = await t.credential({ allowedIps: [{ entry: "*" }] });
    const other = await t.credential({ allowedIps: [{ entry: "*" }] });
    for (let n = 0; n < 10; n += 1) expect((await t.login(victim.username, wrongKey(victim.key), "192.0.2.66")).status).toBe(401);
    expect((await t.login(victim.username, wrongKey(victim.key), "192.0.2.66")).status).toBe(429);
    expect((await t.login(other.username, other.key, "192.0.2.66")).status, "another key from the same proxy").toBe(200);
    expect((await t.login(victim.username, victim.key, "192.0.2.66")).status, "the right key itself").toBe(200);
    const basic = await t.http.send("GET", "/api/v1/session", { basic: [victim.username, victim.key], ip: "192.0.2.66" });
    expect(basic.status).toBe(200);
  });

  it("throttle one address guessing across usernames at a higher threshold, and only its failures", async () => {
    const t = await setup();
    const good = await t.credential({ allowedIps: [{ entry: "*" }] });
    const answers = await t.http.flood(
      Array.from({ length: 101 }, (_, n) => ["POST", "/api/v1/login", { body: { username: `guess-${n}`, key: wrongKey(good.key) }, ip: "2001:db8:5:5::1" }]),
      8,
    ).done;
    expect(answers.filter((status) => status === 401)).toHaveLength(100);
    expect(answers.filter((status) => status === 429)).toHaveLength(1);
    expect((await t.login("guess-x", wrongKey(good.key), "2001:db8:5:5::beef")).status, "the same /64").toBe(429);
    expect((await t.login(good.username, good.key, "2001:db8:5:5::beef")).status).toBe(200);
  });

  it("throttle unknown Bearer tokens per address, but not a real token", async () => {
    const t = await setup();
    const live = await t.credential({ allowedIps: [{ entry: "*" }] });
    const { token } = await jsonOf<{ token: string }>(await t.login(live.username, live.key, "198.51.100.4"));
    const answers = await t.http.flood(
      Array.from({ length: 101 }, () => ["GET", "/api/v1/session", { token: randomToken(), ip: "198.51.100.4" }]),
      8,
    ).done;
    expect(answers.filter((status) => status === 401)).toHaveLength(100);
    expect(answers.filter((status) => status === 429)).toHaveLength(1);
    expect((await t.http.send("GET", "/api/v1/session", { token, ip: "198.51.100.4" })).status).toBe(200);
  });

  // Found by an API review: behind a shared proxy, a neighbour's failures made an ended token's
  // answer 429, and the reference client waits on 429 instead of logging in again.
  it("answer a token that was logged out or idled out on its key, never 429, and not count it against the address", async () => {
    const t = await setup();
    const live = await t.credential({ allowedIps: [{ entry: "*" }] });
    const issued = async () => (await jsonOf<{ token: string }>(await t.login(live.username, live.key, "198.51.100.8"))).token;
    const [loggedOut, idle] = [await issued(), await issued()];
    expect((await t.http.send("POST", "/api/v1/logout", { token: loggedOut, ip: "198.51.100.8" })).status).toBe(204);
    t.clock.advance(t.deps.config.TOKEN_TTL_SECONDS * 1000 + 1000);
    const fresh = await issued();
    expect(
      new Set(
        await t.http.flood(
          guesses(0, () => "198.51.100.8"),
          8,
        ).done,
      ),
      "a neighbour spends the address",
    ).toEqual(new Set([401]));
    expect((await t.http.send("GET", "/api/v1/session", { token: randomToken(), ip: "198.51.100.8" })).status).toBe(429);
    for (const token of [loggedOut, idle]) {
      const res = await t.http.send("GET", "/api/v1/session", { token, ip: "198.51.100.8" });
      expect(res.status).toBe(401);
      expect((await jsonOf<{ error: { code: string } }>(res)).error.code).toBe("invalid_token");
    }
    expect((await t.http.send("GET", "/api/v1/session", { token: fresh, ip: "198.51.100.8" })).status, "a live token").toBe(200);
    await t.deps.history.flush();
    const onKey = await rowsOf(t.deps.store, "select sum(count) as calls from api_history where credential_id = ? and outcome = 'invalid_token'", [live.id]);
    expect(onKey, "both refusals are on the key's History").toEqual([{ calls: 2 }]);
    // 150 calls with an ended token from a fresh address, and a guess after them is still a guess.
    const ended = await t.http.flood(
      Array.from({ length: 150 }, () => ["GET", "/api/v1/session", { token: loggedOut, ip: "203.0.113.90" }] as Request),
      8,
    ).done;
    expect(new Set(ended)).toEqual(new Set([401]));
    expect((await t.login("guess-after", "gk_not-a-key", "203.0.113.90")).status).toBe(401);
  });

  // Found by a review: unknown usernames made a row each, so one address answered 429 wrote
  // about 1.4 MB of history a second; a /64 could do the same with a new address a call.
  it("record a throttled flood as one history row a minute, under the address it is counted in", async () => {
    const t = await setup();
    // A minute for each 100, the most a minute keeps apart by address (the next test): the
    // throttle counts five minutes.
    const statuses = async (requests: ReturnType<typeof guesses>) => {
      t.clock.advance(60_000);
      return new Set(await t.http.flood(requests, 8).done);
    };
    expect(await statuses(guesses(0, () => "192.0.2.77"))).toEqual(new Set([401]));
    expect(await statuses(guesses(100, () => "192.0.2.77")), "new usernames once the address is spent").toEqual(new Set([429]));
    expect(await statuses(guesses(200, (n) => `2001:db8:7:7::${n.toString(16)}`))).toEqual(new Set([401]));
    expect(await statuses(guesses(300, (n) => `2001:db8:7:7:${n.toString(16)}::1`)), "new addresses of the same /64").toEqual(new Set([429]));
    await t.deps.history.flush();
    const throttled = await rowsOf(t.deps.store, "select ip, username, count from api_history where outcome = 'rate_limited' order by ip");
    expect(throttled).toEqual([
      { ip: "192.0.2.77", username: null, count: 100 },
      { ip: "2001:db8:7:7::/64", username: null, count: 100 },
    ]);
    // Failures before the throttle keep their usernames and addresses, as many as it lets through.
    const refused = await rowsOf(t.deps.store, "select count(*) as n, count(distinct username) as names from api_history where outcome = 'unauthorized'");
    expect(refused).toEqual([{ n: 200, names: 200 }]);
  });

  // Found by a review: each /64 of a /48 gets its own 100 failures, each a row with its username.
  it("keep a minute's first 100 refusals apart by address, and fold the rest of the minute as from anywhere", async () => {
    const t = await setup();
    const good = await t.credential({ allowedIps: [{ entry: "*" }] });
    for (let from = 0; from < 1000; from += 100) {
      expect(new Set(await t.http.flood(guesses(from, eachNetwork), 8).done)).toEqual(new Set([401]));
    }
    expect((await t.login(good.username, good.key, "198.51.100.9")).status, "a good key meanwhile").toBe(200);
    // The flood of made-up names has spent the unknown usernames' share, not a real key's.
    expect((await t.login(good.username, wrongKey(good.key), "198.51.100.10")).status).toBe(401);
    await t.deps.history.flush();
    const kept = await rowsOf(t.deps.store, "select count(*) as n from api_history where outcome = 'unauthorized' and username is not null");
    expect(kept).toEqual([{ n: 100 }]);
    const folded = await rowsOf(
      t.deps.store,
      "select ip, username, count from api_history where outcome = 'unauthorized' and username is null and credential_id is null",
    );
    expect(folded).toEqual([{ ip: "::/0", username: null, count: 900 }]);
    const onTheKey = await rowsOf(t.deps.store, "select ip, count from api_history where credential_id = ? and outcome = 'unauthorized'", [good.id]);
    expect(onTheKey).toEqual([{ ip: "198.51.100.10", count: 1 }]);
    // A new minute keeps its first refusals apart again.
    t.clock.advance(60_000);
    expect((await t.login("guess-next-minute", "gk_not-a-key", "192.0.2.200")).status).toBe(401);
    await t.deps.history.flush();
    expect(await rowsOf(t.deps.store, "select ip from api_history where username = 'guess-next-minute'")).toEqual([{ ip: "192.0.2.200" }]);
  });

  // Found by a second review: the budget counted calls, so one throttled address (or a key's own
  // rate limit) spent it and hid every other address.
  it("count the minute's budget in rows: one throttled address is one row, and a key's own refusals are never folded", async () => {
    const t = await setup();
    const target = await t.credential({ allowedIps: [{ entry: "*" }] });
    const limited = await t.credential({ allowedIps: [{ entry: "*" }], rateLimit: 5 });
    const wrong = Array.from({ length: 200 }, (): Request => [
      "POST",
      "/api/v1/login",
      { body: { username: target.username, key: wrongKey(target.key) }, ip: "198.51.100.7" },
    ]);
    const answers = await t.http.flood(wrong, 8).done;
    expect(answers.filter((status) => status === 429).length).toBeGreaterThan(150);
    const basic = Array.from({ length: 130 }, (): Request => ["GET", "/api/v1/session", { basic: [limited.username, limited.key], ip: "198.51.100.8" }]);
    expect((await t.http.flood(basic, 8).done).filter((status) => status === 429)).toHaveLength(125);
    expect((await t.login(target.username, wrongKey(target.key), "192.0.2.9")).status).toBe(401);
    await t.deps.history.flush();
    expect(await rowsOf(t.deps.store, "select ip from api_history where ip like '%/0'")).toEqual([]);
    // A key with a bad checksum is recorded on the key whose username came with it; the throttled
    // rest is one row under the address.
    const targetRows = await rowsOf(
      t.deps.store,
      "select ip, outcome, count from api_history where credential_id = ? or lower(username) = lower(?) order by ip, outcome",
      [target.id, target.username],
    );
    const throttledCount = answers.filter((status) => status === 429).length;
    expect(targetRows).toEqual([
      { ip: "192.0.2.9", outcome: "unauthorized", count: 1 },
      { ip: "198.51.100.7", outcome: "rate_limited", count: throttledCount },
      { ip: "198.51.100.7", outcome: "unauthorized", count: 200 - throttledCount },
    ]);
    const limitedRows = await rowsOf(t.deps.store, "select ip, outcome, count from api_history where credential_id = ? order by outcome", [limited.id]);
    expect(limitedRows).toEqual([
      { ip: "198.51.100.8", outcome: "ok", count: 5 },
      { ip: "198.51.100.8", outcome: "rate_limited", count: 125 },
    ]);
  });

  // 50,001 requests: the old cache forgot everything at 50,000 entries. Sent through app.request
  // (no sockets), because over loopback they take half a minute on two cores.
  it("never lose a fresh token to a flood of made-up ones from rotating addresses", async () => {
    const t = await setup();
    const live = await t.credential({ allowedIps: [{ entry: "*" }] });
    // Issued but not yet written: in tests no timer writes it, so the flood meets it pending.
    const { token } = await jsonOf<{ token: string }>(await t.login(live.username, live.key, "198.51.100.5"));
    const statuses = new Set<number>();
    for (let sent = 0; sent < 50_001; sent += 500) {
      const batch = Array.from({ length: Math.min(500, 50_001 - sent) }, (_, n) =>
        t.app.request("/api/v1/session", { headers: { Authorization: `Bearer ${randomToken()}` } }, fromIp(nthAddress(sent + n))),
      );
      for (const res of await Promise.all(batch)) statuses.add(res.status);
    }
    expect([...statuses]).toEqual([401]);
    expect((await t.http.send("GET", "/api/v1/session", { token, ip: "198.51.100.5" })).status).toBe(200);
    await t.deps.authCache.flushTokens();
    expect((await t.http.send("GET", "/api/v1/session", { token, ip: "198.51.100.5" })).status).toBe(200);
  }, 60_000);
});
