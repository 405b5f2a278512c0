import { createHash, randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromIp, integrationSetup, sameOrigin, rowsOf } from "./helpers.ts";

/**
 * Arbitrary requests to every endpoint: no answer is a 5xx, and a refused request leaves the
 * store's data exactly as it was. FUZZ_RUNS raises the count for a long run (CI: 1500).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const oddSegments = ["..", "%2e%2e", "%00", "%zz", "😀", "a%2Fb", " ", "x".repeat(3000), "-1", "1e9", "0x10", "null", "MUG-LOGO", "1001"];
const contentTypes = [
  undefined,
  "application/json",
  "application/json; charset=utf-16",
  "APPLICATION/JSON",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "",
];
const bodies = fc.oneof(
  fc.json(),
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify({ username: value, key: value, status: value, quantity: value, entry: value })),
  fc.constant(nested(20_000)),
  fc.constant(`{"a":${"1".repeat(400)}}`),
  fc.constant("x".repeat(70 * 1024)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc.constant('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
);

describe("fuzzing every endpoint", () => {
  it(`answers ${RUNS} arbitrary requests without a 5xx and changes nothing when it refuses`, async () => {
    const t = await integrationSetup();
    const live = await t.credential({ allowedIps: [{ entry: "*" }] });
    const { token } = await t.login(live.username, live.key, "203.0.113.10");
    const routes = [...new Set(t.app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`))];

    // Business data only: history, the audit log and session bookkeeping record refusals by design,
    // and so does a credential's last use, which the history flush writes (on PostgreSQL that flush
    // may land between two fingerprints, with an earlier run's call). Each table's rows as sorted
    // JSON: the same order on both databases, whatever their keys.
    const fingerprint = async () => {
      const tables = ["credentials", "allowed_ips", "admin_users", "products", "orders", "api_tokens"];
      const rows = await Promise.all(
        tables.map(async (table) =>
          (await rowsOf(t.store, `select * from ${table}`)).map(({ last_used_at: _at, last_used_ip: _ip, ...row }) => JSON.stringify(row)).toSorted(),
        ),
      );
      return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
    };

    const request = fc.record({
      route: fc.constantFrom(...routes),
      segment: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...oddSegments)),
      query: fc.oneof(
        fc.constant(""),
        fc.string({ maxLength: 60 }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })).map((q) => new URLSearchParams(q).toString()),
      ),
      auth: fc.constantFrom("none", "admin", "bearer", "basic", "garbage"),
      contentType: fc.constantFrom(...contentTypes),
      body: fc.option(bodies, { nil: undefined }),
      forwardedFor: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
      ip: fc.constantFrom("203.0.113.10", "::ffff:203.0.113.10", "2001:db8::1", "garbage", ""),
    });

    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const [method = "GET", pattern = "/"] = input.route.split(" ");
        // Signing out would end the session the other runs use; it is fuzzed without credentials.
        const ending = pattern === "/api/admin/session" && method === "DELETE";
        const path = pattern.replace(/:(\w+)/g, () => encodeURIComponent(input.segment).replaceAll("%25", "%"));
        const headers: Record<string, string> = {};
        if (input.contentType !== undefined) headers["Content-Type"] = input.contentType;
        if (input.forwardedFor !== undefined) headers["X-Forwarded-For"] = input.forwardedFor;
        if (input.auth === "admin" && !ending) Object.assign(headers, sameOrigin, { Cookie: t.cookie });
        if (input.auth === "bearer" && pattern !== "/api/v1/logout") headers.Authorization = `Bearer ${token}`;
        if (input.auth === "basic") headers.Authorization = `Basic ${Buffer.from(`${live.username}:${live.key}`).toString("base64")}`;
        if (input.auth === "garbage") headers.Authorization = input.segment;
        const before = await fingerprint();
        let url = `http://localhost${path}${input.query ? `?${input.query}` : ""}`;
        if (!URL.canParse(url)) url = `http://localhost${pattern.replace(/:\w+/g, "x")}`;
        const hasBody = input.body !== undefined && method !== "GET" && method !== "HEAD";
        let res: Response;
        try {
          res = await t.app.request(url, { method, headers, ...(hasBody ? { body: input.body } : {}) }, fromIp(input.ip));
        } catch (error) {
          // Only a request the fetch API itself refuses to build (e.g. a header it rejects) lands here.
          if (error instanceof TypeError) return;
          throw error;
        }
        sent += 1;
        expect(res.status, `${method} ${url}`).toBeLessThan(500);
        if (res.status >= 400) expect(await fingerprint(), `${method} ${url} changed data while answering ${res.status}`).toBe(before);
      }),
      { numRuns: RUNS },
    );
    process.stdout.write(`fuzz: ${sent} requests sent to ${routes.length} endpoints, none answered 5xx\n`);
    expect(sent).toBeGreaterThan(RUNS * 0.9);
  }, 120_000);
});

const hugeName = (n: number) => `${n}-${"u".repeat(11_000)}`;

describe("memory under garbage credentials", () => {
  // 20,000 requests with huge usernames, checksum-valid keys and made-up tokens, from rotating
  // addresses: they used to be cached as unknown users (127 MB → 418 MB).
  it("keeps the heap within 50 MB of where it started", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const t = await integrationSetup();
    const live = await t.credential({ allowedIps: [{ entry: "*" }] });
    const basic = (username: string) => ({ Authorization: `Basic ${Buffer.from(`${username}:${live.key}`).toString("base64")}` });
    const garbage = (n: number) => {
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      switch (n % 4) {
        case 0:
          return t.app.request("/api/v1/products", { headers: basic(hugeName(n)) }, fromIp(ip));
        case 1:
          return t.app.request("/api/v1/session", { headers: basic(`user${n}`) }, fromIp(ip));
        case 2:
          return t.app.request(
            "/api/v1/session",
            { headers: { Authorization: `Bearer ${randomBytes(32).toString("base64url")}${"x".repeat(n % 3000)}` } },
            fromIp(ip),
          );
        default:
          return t.app.request(
            "/api/v1/login",
            {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ username: hugeName(n).slice(0, 60_000), key: live.key }),
            },
            fromIp(ip),
          );
      }
    };
    const settle = () => {
      t.deps.history.flush();
      t.lines.length = 0;
      gc();
      return process.memoryUsage().heapUsed;
    };
    await garbage(0);
    const before = settle();
    for (let sent = 0; sent < 20_000; sent += 250) {
      const answers = await Promise.all(Array.from({ length: 250 }, (_, n) => garbage(sent + n)));
      for (const res of answers) expect(res.status).toBeLessThan(500);
    }
    const grown = (settle() - before) / 1024 / 1024;
    process.stdout.write(`memory: heap grew ${grown.toFixed(1)} MB after 20,000 garbage-credential requests\n`);
    expect(grown).toBeLessThan(50);
  }, 60_000);
});
