import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { DatabaseOpenError, openStore } from "../src/db/client.ts";
import { errorOf, fromIp, jsonOf, PASSWORD, seedAdmin, signIn, sqliteOf, tempDir, testApp } from "./helpers.ts";

const serverPackage = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("health", () => {
  it("answers 200 when the database answers", async () => {
    const { app } = await testApp();
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", version: serverPackage.version });
  });

  it("answers 503 with Retry-After in the envelope when the database is gone (a balancer takes the instance out)", async () => {
    // SQLite's file closed under the app; postgres-outage.reliability.test.ts cuts PostgreSQL away.
    const { app, store } = await testApp({ DATABASE_PATH: ":memory:" });
    sqliteOf(store).close();
    const res = await app.request("/healthz");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await errorOf(res)).code).toBe("unavailable");
  });
});

describe("the SPA", () => {
  const dist = tempDir("gatehouse-dist-");
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><div id=root></div>");
  writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log(1)");
  let app: Awaited<ReturnType<typeof testApp>>["app"];
  beforeAll(async () => {
    app = (await testApp({}, { webDist: dist })).app;
  });

  it("serves index.html at / and at deep links, never cached", async () => {
    for (const path of ["/", "/apis/123", "/activity"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("id=root");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    }
  });

  // A review's find: a rebuild while the server ran left it naming deleted assets: blank pages.
  it("serves the index.html a later build wrote, without a restart", async () => {
    const built = tempDir("gatehouse-rebuilt-");
    const rebuiltApp = (await testApp({}, { webDist: built })).app;
    expect((await rebuiltApp.request("/apis")).status, "not built yet").toBe(503);
    writeFileSync(join(built, "index.html"), '<!doctype html><script src="/assets/index-first.js"></script>');
    expect(await (await rebuiltApp.request("/apis")).text()).toContain("index-first.js");
    writeFileSync(join(built, "index.html"), '<!doctype html><script src="/assets/index-second.js"></script>');
    utimesSync(join(built, "index.html"), new Date(), new Date(Date.now() + 5000));
    expect(await (await rebuiltApp.request("/apis")).text()).toContain("index-second.js");
  });

  it("caches hashed assets for a year and 404s missing ones", async () => {
    const res = await app.request("/assets/index-abc123.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await app.request("/assets/missing.js")).status).toBe(404);
  });

  it("answers unknown API paths with the JSON envelope, not the SPA", async () => {
    const res = await app.request("/api/nothing-here");
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: "not_found", request_id: expect.stringMatching(/^req_/) });
    expect(res.headers.get("x-request-id")).toBe(error.request_id);
  });

  it("sends /healthz and /api/v1 to the integration API's own app, and only those", async () => {
    expect(await (await app.request("/healthz?probe=1")).json()).toMatchObject({ status: "ok" });
    for (const path of ["/api/v1/nothing-here", "/api/v1/products/x/y/z", "/api/v1"]) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).message).toContain(path);
    }
    // Lookalikes are the SPA's deep links, as before.
    for (const path of ["/healthzz", "/healthz/", "/apiv1/x", "/x/api/v1/session"]) expect(await (await app.request(path)).text()).toContain("id=root");
  });
});

describe("configuration", () => {
  it("uses the documented defaults", () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATABASE_PATH: expect.stringMatching(/\/data\/gatehouse.sqlite$/),
      ADMIN_USERNAME: "admin",
      TOKEN_TTL_SECONDS: 3600,
      HISTORY_RETENTION_DAYS: 90,
      DEMO_DATA: false,
    });
  });

  it.each([
    [{ PORT: "abc" }, /PORT="abc" must be a whole number/],
    [{ PORT: "70000" }, /PORT="70000"/],
    [{ TOKEN_TTL_SECONDS: "0" }, /TOKEN_TTL_SECONDS="0" must be at least 1/],
    [{ DEMO_DATA: "maybe" }, /DEMO_DATA="maybe" must be true or false/],
    [{ METRICS_TOKEN: "a".repeat(15) }, /METRICS_TOKEN \(15 characters\) must be at least 16 characters/],
    [{ METRICS_TOKEN: "token with spaces inside" }, /METRICS_TOKEN \(24 characters\) must be printable ASCII without spaces/],
  ])("rejects %o with one readable line", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("says clearly when the database cannot be created", () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "not a folder");
    expect(() => openStore(join(file, "gatehouse.sqlite"))).toThrow(DatabaseOpenError);
  });

  it("sets the pragmas durability depends on", () => {
    const store = openStore(join(tempDir(), "db.sqlite"));
    expect(store.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.sqlite.pragma("synchronous", { simple: true })).toBe(1);
    expect(store.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(store.sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
  });
});

async function whoAmI(app: Awaited<ReturnType<typeof testApp>>["app"], peer: string, headers: Record<string, string>) {
  const { cookie } = await signIn(app, "olivia", PASSWORD, peer);
  const res = await app.request("/api/admin/session", { headers: { ...headers, Cookie: cookie } }, fromIp(peer));
  return (await jsonOf<{ currentIp: string }>(res)).currentIp;
}

describe("the client address", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const { app, deps } = await testApp();
    await seedAdmin(deps, "olivia", "owner");
    expect(await whoAmI(app, "198.51.100.20", { "X-Forwarded-For": "1.2.3.4" })).toBe("198.51.100.20");
  });

  it("believes a trusted proxy, and marks the request secure when it says https", async () => {
    const { app, deps } = await testApp({ TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1" });
    await seedAdmin(deps, "olivia", "owner");
    expect(await whoAmI(app, "::ffff:10.0.0.2", { "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.7" })).toBe("203.0.113.9");
    const res = await app.request(
      "/api/admin/session",
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-Proto": "https" },
        body: JSON.stringify({ username: "olivia", password: PASSWORD }),
      },
      fromIp("10.0.0.2"),
    );
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-gatehouse_session=.*Secure/);
  });

  it.each(["*", "0.0.0.0/0", "10.1.*.*", "not-an-ip"])("refuses TRUSTED_PROXIES=%s at start", (value) => {
    expect(() => loadConfig({ TRUSTED_PROXIES: value })).toThrow(/Invalid configuration: TRUSTED_PROXIES/);
  });
});
