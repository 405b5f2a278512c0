import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, seedCredential, testApp } from "./helpers.ts";

/**
 * Over real HTTP on loopback, with 127.0.0.1 as the trusted proxy: every address in the table
 * arrives through X-Forwarded-For, and the allow-list decision is checked end to end.
 */
describe("allow-lists over HTTP behind a trusted proxy", () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let issued: Awaited<ReturnType<typeof seedCredential>>;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    t = await testApp({ TRUSTED_PROXIES: "127.0.0.1" });
    issued = await seedCredential(t.deps, {
      username: "erp-sync",
      scopes: ["orders:read"],
      allowedIps: ["203.0.113.0/24", "2001:db8::/48", "198.51.100.7", "10.1.*.*"],
    });
    server = await listen(t.deps);
  });
  afterAll(() => server.close());

  const login = (forwardedFor: string) =>
    fetch(`${server.baseUrl}/api/v1/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": forwardedFor },
      body: JSON.stringify({ username: "erp-sync", key: issued.key }),
    });

  it.each([
    ["203.0.113.1", 200],
    ["203.0.113.254", 200],
    ["203.0.114.1", 403],
    ["198.51.100.7", 200],
    ["198.51.100.8", 403],
    ["10.1.200.3", 200],
    ["10.2.0.1", 403],
    ["2001:db8::1", 200],
    ["2001:DB8:0:FFFF::9", 200],
    ["2001:db8:1::1", 403],
    ["::ffff:203.0.113.9", 200],
    ["::ffff:198.51.100.9", 403],
    ["[2001:db8::5]:443", 200],
    ["203.0.113.77:51000", 200],
    // A client-written left-most entry is not believed: the proxy appended the real address.
    ["203.0.113.5, 192.0.2.1", 403],
    ["192.0.2.1, 203.0.113.5", 200],
  ])("X-Forwarded-For: %s → %s", async (forwardedFor, status) => {
    const res = await login(forwardedFor);
    expect(res.status).toBe(status);
    if (status === 403) expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/The address \S+ is not allowed/);
  });

  it("a token is bound to the forwarded address it logged in from", async () => {
    const { token } = (await (await login("203.0.113.20")).json()) as { token: string };
    const session = (forwardedFor: string) =>
      fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${token}`, "X-Forwarded-For": forwardedFor } });
    expect((await session("203.0.113.20")).status).toBe(200);
    expect((await session("203.0.113.21")).status).toBe(401);
    const body = (await (await session("203.0.113.20")).json()) as { ip: string };
    expect(body.ip).toBe("203.0.113.20");
  });

  // A proxy that adds its own Authorization after the client's must not let either one through.
  it("refuses a call with two Authorization headers, and joins repeated X-Forwarded-For lines", async () => {
    const { token } = (await (await login("203.0.113.30")).json()) as { token: string };
    const { port } = new URL(server.baseUrl);
    const session = (authorization: string[]) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1");
        let text = "";
        socket.on("data", (chunk) => (text += chunk.toString("latin1")));
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
        socket.end(
          [
            "GET /api/v1/session HTTP/1.1",
            "Host: x",
            "Connection: close",
            ...authorization.map((value) => `Authorization: ${value}`),
            // The proxy's own line comes last: the two read as "192.0.2.1, 203.0.113.30".
            "X-Forwarded-For: 192.0.2.1",
            "X-Forwarded-For: 203.0.113.30",
            "",
            "",
          ].join("\r\n"),
        );
      });
    const alone = await session([`Bearer ${token}`]);
    expect(alone.startsWith("HTTP/1.1 200")).toBe(true);
    expect(alone).toContain('"ip":"203.0.113.30"');
    for (const pair of [
      [`Bearer ${token}`, "Bearer not-this-one"],
      ["Bearer not-this-one", `Bearer ${token}`],
    ])
      expect((await session(pair)).startsWith("HTTP/1.1 401")).toBe(true);
  });

  it("garbage in X-Forwarded-For falls back to the proxy, which is not allowed", async () => {
    for (const header of ["", "unknown", "not-an-ip", "203.0.113.5, garbage", `${"9".repeat(5000)}`]) {
      const res = await login(header);
      expect(res.status, header).toBe(403);
    }
  });
});

describe("malformed HTTP", () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen((await testApp()).deps);
  });
  afterAll(() => server.close());

  const raw = (payload: string) =>
    new Promise<string>((resolve) => {
      const { port } = new URL(server.baseUrl);
      const socket = connect(Number(port), "127.0.0.1");
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
      socket.on("close", () => resolve(answer));
      socket.on("error", () => resolve(answer));
      socket.write(payload, () => setTimeout(() => socket.end(), 50));
    });

  it.each([
    ["garbage", "\u0000\u0001\u0002 hello\r\n\r\n"],
    ["a bad request line", "GET\r\n\r\n"],
    ["a bad header", "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"],
    ["a huge header", `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`],
    ["a lying Content-Length", 'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"username":'],
    ["chunked nonsense", "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n"],
    ["a path with raw bytes", "GET /api/v1/products/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n"],
  ])("survives %s and keeps serving", async (_name, payload) => {
    const answer = await raw(payload);
    expect(answer.startsWith("HTTP/1.1 5")).toBe(false);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it("serves a request with an expectation other than 100-continue, as if it had none", async () => {
    const answer = await raw("GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n");
    expect(answer.startsWith("HTTP/1.1 200 "), answer.slice(0, 80)).toBe(true);
  });

  it("serves HTTP/1.0 without a Host header, which that version allows", async () => {
    const answer = await raw("GET /healthz HTTP/1.0\r\n\r\n");
    expect(answer.startsWith("HTTP/1.1 200 "), answer.slice(0, 80)).toBe(true);
    expect(answer).toContain('"status":"ok"');
  });

  // Refused before the app sees them (by Node's parser or the adapter), still in the envelope.
  it.each([
    ["a Host that is not a host", "GET /api/v1/session HTTP/1.1\r\nHost: a b\r\n\r\n", 400],
    ["an HTTP/1.1 request without Host", "GET /healthz HTTP/1.1\r\n\r\n", 400],
    ["an empty Host", "GET /healthz HTTP/1.1\r\nHost: \r\n\r\n", 400],
    ["a Host with a user", "GET /healthz HTTP/1.1\r\nHost: u@x\r\n\r\n", 400],
    ["a bad request line", "GET\r\n\r\n", 400],
    ["a bad header", "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400],
    // Node answers these 431; the contract ties invalid_request to 400.
    ["headers over 16 KB", `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 400],
    ["CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 400],
    ["a fragment in the target", "GET /healthz?a=1#&token=x HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ])("answers %s with the error envelope", async (_name, payload, status) => {
    const answer = await raw(payload);
    expect(answer.startsWith(`HTTP/1.1 ${status} `), answer.slice(0, 80)).toBe(true);
    expect(answer.toLowerCase()).toContain("content-type: application/json");
    expect(answer.toLowerCase()).toContain("x-content-type-options: nosniff");
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message.length).toBeGreaterThan(10);
  });
});
