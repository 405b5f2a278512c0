import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { listen, PASSWORD, seedAdmin, testApp } from "./helpers.ts";

const PUBLIC_ORIGIN = "https://gatehouse.example.com";

type Reply = { status: number; setCookie: string[] };

/**
 * A sign-in over real HTTP with whatever Host and Origin the caller picks: fetch() would not let
 * us forge Host, and a DNS-rebinding page gets exactly that, a Host naming the attacker's domain.
 */
function signInOverHttp(baseUrl: string, headers: Record<string, string>): Promise<Reply> {
  const body = JSON.stringify({ username: "olivia", password: PASSWORD });
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/api/admin/session`, { method: "POST", headers: { "Content-Type": "application/json", ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers["set-cookie"] ?? [] }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("with PUBLIC_ORIGIN set", () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const t = await testApp({ PUBLIC_ORIGIN });
    await seedAdmin(t.deps, "olivia", "owner");
    server = await listen(t.deps);
  });
  afterAll(() => server.close());

  it("refuses a sign-in from another origin even when the Host header is forged to match it", async () => {
    const reply = await signInOverHttp(server.baseUrl, { Host: "evil.example", Origin: "https://evil.example" });
    expect(reply.status).toBe(403);
    expect(reply.setCookie).toEqual([]);
  });

  it("refuses the right host over the wrong scheme", async () => {
    const reply = await signInOverHttp(server.baseUrl, { Host: "gatehouse.example.com", Origin: "http://gatehouse.example.com" });
    expect(reply.status).toBe(403);
  });

  it("signs in from PUBLIC_ORIGIN with a Secure __Host- cookie, though the hop to us is plain HTTP", async () => {
    // A TLS proxy that is not in TRUSTED_PROXIES and sends no X-Forwarded-Proto.
    const reply = await signInOverHttp(server.baseUrl, { Host: "gatehouse.example.com", Origin: PUBLIC_ORIGIN });
    expect(reply.status).toBe(200);
    expect(reply.setCookie).toHaveLength(1);
    expect(reply.setCookie[0]).toMatch(/^__Host-gatehouse_session=[\w-]+;/);
    expect(reply.setCookie[0]).toMatch(/; Secure(;|$)/);
  });
});

describe("an http:// PUBLIC_ORIGIN", () => {
  it("keeps the cookie without Secure, even when a trusted proxy claims https", async () => {
    const t = await testApp({ PUBLIC_ORIGIN: "http://gatehouse.internal:8080", TRUSTED_PROXIES: "127.0.0.1" });
    await seedAdmin(t.deps, "olivia", "owner");
    const server = await listen(t.deps);
    try {
      const reply = await signInOverHttp(server.baseUrl, { Origin: "http://gatehouse.internal:8080", "X-Forwarded-Proto": "https" });
      expect(reply.status).toBe(200);
      expect(reply.setCookie[0]).toMatch(/^gatehouse_session=/);
      expect(reply.setCookie[0]).not.toContain("Secure");
    } finally {
      server.close();
    }
  });
});

describe("the PUBLIC_ORIGIN setting", () => {
  it.each(["https://gatehouse.example.com", "https://gatehouse.example.com/", "http://10.0.0.5:8080", "https://GateHouse.Example.com:443"])(
    "accepts %s",
    (value) => {
      expect(loadConfig({ PUBLIC_ORIGIN: value }).PUBLIC_ORIGIN).toBe(new URL(value).origin);
    },
  );

  it("is optional", () => {
    expect(loadConfig({}).PUBLIC_ORIGIN).toBeUndefined();
  });

  it.each([
    "gatehouse.example.com",
    "https://gatehouse.example.com/admin",
    "https://gatehouse.example.com?x=1",
    "ftp://gatehouse.example.com",
    "https://user:pw@gatehouse.example.com",
    "",
  ])("stops the start on %j with one line naming it", (value) => {
    expect(() => loadConfig({ PUBLIC_ORIGIN: value })).toThrow(
      /^Invalid configuration: PUBLIC_ORIGIN=".*" must be an origin such as https:\/\/gatehouse\.example\.com/,
    );
  });
});
