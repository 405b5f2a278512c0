import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { integrationSetup, PASSWORD, sameOrigin, tempDir } from "./helpers.ts";

// Over real HTTP: the integration API hands the Node adapter a plain header object, and what
// matters is what reaches the client, however the answer was made (fast path, Hono's helpers,
// an error thrown anywhere, a static file).
const dist = tempDir("gatehouse-dist-");
mkdirSync(join(dist, "assets"));
writeFileSync(join(dist, "index.html"), "<!doctype html><div id=root></div>");
writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log(1)");

const t = await integrationSetup(undefined, { TRUSTED_PROXIES: "127.0.0.1" });
const server = serve({ fetch: createApp(t.deps, { webDist: dist }).fetch, port: 0, hostname: "127.0.0.1" });
let base = "";
beforeAll(async () => {
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const send = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { "X-Forwarded-For": "203.0.113.10", ...(init.headers as Record<string, string>) } });
const json = { "Content-Type": "application/json" };

/** The headers every answer carries, each exactly once. */
function expectEveryResponseHeaders(res: Response) {
  expect(res.headers.get("x-request-id")).toMatch(/^req_[A-Za-z0-9_-]+$/);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
}
const expectApi = (res: Response) => {
  expectEveryResponseHeaders(res);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("content-security-policy")).toBeNull();
};

describe("response headers, however the answer is made", () => {
  it("integration answers: success, 204 and every refusal carry the request id, security headers and no-store", async () => {
    const { username, key } = await t.credential();
    const login = await send("/api/v1/login", { method: "POST", headers: json, body: JSON.stringify({ username, key }) });
    expect(login.status).toBe(200);
    expectApi(login);
    expect(login.headers.get("content-type")).toBe("application/json");
    const { token } = (await login.json()) as { token: string };

    const session = await send("/api/v1/session", { headers: { Authorization: `Bearer ${token}` } });
    expect(session.status).toBe(200);
    expectApi(session);
    expect(await session.json()).toMatchObject({ username });

    const refused = await send("/api/v1/session", { headers: { Authorization: "Bearer nope" } });
    expect(refused.status).toBe(401);
    expectApi(refused);
    expect(((await refused.json()) as { error: { request_id: string } }).error.request_id).toBe(refused.headers.get("x-request-id"));

    const logout = await send("/api/v1/logout", { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(logout.status).toBe(204);
    expectApi(logout);

    const document = await send("/api/v1/openapi.json");
    expectApi(document);
    expect(document.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("a rate-limited key's answers carry RateLimit-* headers, and the refusal Retry-After", async () => {
    const { username, key } = await t.credential({ rateLimit: 2 });
    const basic = { Authorization: `Basic ${Buffer.from(`${username}:${key}`).toString("base64")}` };
    const first = await send("/api/v1/session", { headers: basic });
    expect(first.status).toBe(200);
    expect([first.headers.get("ratelimit-limit"), first.headers.get("ratelimit-remaining")]).toEqual(["2", "1"]);
    expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    await send("/api/v1/session", { headers: basic });
    const limited = await send("/api/v1/session", { headers: basic });
    expect(limited.status).toBe(429);
    expectApi(limited);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("/healthz and the admin API carry them too, and a refused stale session still clears its cookie", async () => {
    expectApi(await send("/healthz"));
    const signIn = await send("/api/admin/session", {
      method: "POST",
      headers: { ...json, ...sameOrigin, Origin: base },
      body: JSON.stringify({ username: "olivia", password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    expectApi(signIn);
    expect(signIn.headers.get("set-cookie")).toMatch(/^gatehouse_session=[^;]+;.*HttpOnly.*SameSite=Strict/);
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    const list = await send("/api/admin/credentials", { headers: { Cookie: cookie } });
    expect(list.status).toBe(200);
    expectApi(list);

    const stale = await send("/api/admin/credentials", { headers: { Cookie: "gatehouse_session=not-a-session" } });
    expect(stale.status).toBe(401);
    expectApi(stale);
    expect(stale.headers.get("set-cookie")).toMatch(/^gatehouse_session=; Max-Age=0/);
  });

  it("pages and files get the CSP and isolation headers besides", async () => {
    for (const path of ["/", "/apis/123", "/assets/index-abc123.js"]) {
      const res = await send(path);
      expect(res.status).toBe(200);
      expectEveryResponseHeaders(res);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    }
  });
});
