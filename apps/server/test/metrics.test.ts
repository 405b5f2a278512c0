import { describe, expect, it } from "vitest";
import { errorOf, fromIp, integrationSetup, jsonOf, testApp, wrongKey } from "./helpers.ts";
import { webhookReceiver } from "./webhook-receiver.ts";

const TOKEN = "metrics-token-for-tests-0123456789";

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The exposition's samples (comment lines skipped). */
function samples(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, name, value]) => [name, value]));
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with that name and (at least) those labels; 0 when there is none. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}) {
  const found = samples(text).filter((sample) => sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value));
  if (found.length > 1) throw new Error(`${found.length} samples match ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

async function setup(env: Record<string, string> = {}) {
  const t = await integrationSetup(undefined, { METRICS_TOKEN: TOKEN, ...env });
  const scrape = async (ip = "192.0.2.50") => {
    const res = await t.app.request("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } }, fromIp(ip));
    expect(res.status).toBe(200);
    return res.text();
  };
  return { ...t, scrape };
}

describe("GET /metrics", () => {
  it("does not exist without METRICS_TOKEN: 404, not the admin app's page", async () => {
    const { app } = await testApp();
    for (const headers of [{}, { Authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
      const res = await app.request("/metrics", { headers }, fromIp("127.0.0.1"));
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("not_found");
    }
  });

  it("refuses a missing or wrong token with 401 and shows no metric", async () => {
    const { app } = await testApp({ METRICS_TOKEN: TOKEN });
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: "Bearer" },
      { Authorization: "Bearer " },
      { Authorization: `Bearer ${wrongKey(TOKEN)}` },
      { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: `Basic ${Buffer.from(`metrics:${TOKEN}`).toString("base64")}` },
      { Authorization: TOKEN },
      { Authorization: `Bearer ${"x".repeat(100_000)}` },
    ];
    for (const headers of attempts) {
      const res = await app.request("/metrics", { headers }, fromIp("192.0.2.7"));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      const body = await res.text();
      expect(body).not.toMatch(/gatehouse_|http_server|process_/);
      expect(body).not.toContain(TOKEN);
    }
    // The token in the URL is not a credential either: the name alone is refused, as on every path.
    expect((await app.request(`/metrics?token=${TOKEN}`, {}, fromIp("192.0.2.7"))).status).toBe(400);
    // The scheme is case-insensitive (RFC 9110), the token is not.
    expect((await app.request("/metrics", { headers: { Authorization: `bearer ${TOKEN}` } }, fromIp("192.0.2.7"))).status).toBe(200);
    expect((await app.request("/metrics", { headers: { Authorization: `Bearer ${TOKEN.toUpperCase()}` } }, fromIp("192.0.2.7"))).status).toBe(401);
  });

  it("throttles an address that keeps guessing, like unknown integration tokens", async () => {
    const { app } = await testApp({ METRICS_TOKEN: TOKEN });
    const guess = (ip: string) => app.request("/metrics", { headers: { Authorization: "Bearer guess-guess-guess-guess" } }, fromIp(ip));
    const statuses = await Promise.all(Array.from({ length: 120 }, async () => (await guess("192.0.2.8")).status));
    expect(statuses.filter((status) => status === 401)).toHaveLength(100);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    expect((await guess("192.0.2.9")).status).toBe(401);
  });

  it("answers 40 parallel scrapes alike, in Prometheus's text format", async () => {
    const { app } = await testApp({ METRICS_TOKEN: TOKEN });
    const responses = await Promise.all(Array.from({ length: 40 }, () => app.request("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } })));
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const text = await (responses[0] as Response).text();
    expect(text).toContain("# TYPE http_server_request_duration_seconds histogram");
    expect(text).toContain("# TYPE gatehouse_calls_total counter");
    // Node's default metrics.
    expect(valueOf(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(samples(text).some((sample) => sample.name === "nodejs_eventloop_lag_seconds")).toBe(true);
  });

  it("counts Bearer, Basic and login calls and refusals with the outcome history records", async () => {
    const t = await setup();
    const readOnly = await t.credential({ scopes: ["products:read"] });
    const { token } = await t.login(readOnly.username, readOnly.key);
    expect((await t.v1("GET", "/session", { token })).status).toBe(200);
    expect((await t.v1("GET", "/session", { token })).status).toBe(200);
    expect((await t.v1("GET", "/products/MUG-LOGO", { basic: [readOnly.username, readOnly.key] })).status).toBe(200);
    expect((await t.v1("GET", "/orders", { token })).status).toBe(403);
    expect((await t.v1("POST", "/login", { body: { username: readOnly.username, key: wrongKey(readOnly.key) } })).status).toBe(401);
    expect((await t.v1("GET", "/session", { token, ip: "198.51.100.99" })).status).toBe(401);
    expect((await t.v1("GET", "/products", { basic: [readOnly.username, readOnly.key], ip: "198.51.100.99" })).status).toBe(403);

    const text = await t.scrape();
    const calls = (call: string, outcome: string) => valueOf(text, "gatehouse_calls_total", { call, outcome });
    expect(calls("login", "ok")).toBe(1);
    expect(calls("login", "unauthorized")).toBe(1);
    expect(calls("session", "ok")).toBe(2);
    expect(calls("session", "invalid_token")).toBe(1);
    expect(calls("products.get", "ok")).toBe(1);
    expect(calls("products.list", "ip_not_allowed")).toBe(1);
    expect(calls("orders.list", "insufficient_scope")).toBe(1);
    expect(
      samples(text)
        .filter((sample) => sample.name === "gatehouse_calls_total")
        .reduce((sum, sample) => sum + sample.value, 0),
    ).toBe(8);

    // History agrees, call for call.
    await t.deps.history.flush();
    const history = await jsonOf<{ items: { call: string; outcome: string; count: number }[] }>(await t.call("GET", "/api/admin/history?limit=100"));
    const recorded = history.items.reduce((sum, row) => sum + row.count, 0);
    expect(recorded).toBe(8);

    expect(
      valueOf(text, "http_server_request_duration_seconds_count", {
        http_route: "/api/v1/session",
        http_request_method: "GET",
        http_response_status_code: "200",
      }),
    ).toBe(2);
    expect(valueOf(text, "http_server_request_duration_seconds_count", { http_route: "/api/v1/login", http_response_status_code: "401" })).toBe(1);
    // Buckets are cumulative and end with +Inf = count.
    const buckets = samples(text).filter(
      (sample) =>
        sample.name === "http_server_request_duration_seconds_bucket" &&
        sample.labels.http_route === "/api/v1/session" &&
        sample.labels.http_response_status_code === "200",
    );
    expect(buckets.map((sample) => sample.labels.le)).toEqual([
      "0.005",
      "0.01",
      "0.025",
      "0.05",
      "0.075",
      "0.1",
      "0.25",
      "0.5",
      "0.75",
      "1",
      "2.5",
      "5",
      "7.5",
      "10",
      "+Inf",
    ]);
    expect(buckets.at(-1)?.value).toBe(2);
  });

  it("shows the auth cache, the history queue and its writes", async () => {
    const t = await setup();
    const key = await t.credential();
    const { token } = await t.login(key.username, key.key);
    await t.deps.authCache.flushTokens();
    for (let call = 0; call < 3; call += 1) await t.v1("GET", "/session", { token });
    const before = await t.scrape();
    expect(valueOf(before, "gatehouse_history_queue_depth")).toBe(4);
    // On SQLite the flush let go of the token: its first call read it back, the next two found it.
    const readBack = t.deps.store.kind === "sqlite" ? 1 : 0;
    expect(valueOf(before, "gatehouse_auth_cache_hits_total", { cache: "token" })).toBe(3 - readBack);
    expect(valueOf(before, "gatehouse_auth_cache_misses_total", { cache: "token" })).toBe(readBack);
    expect(valueOf(before, "gatehouse_auth_cache_misses_total", { cache: "credential" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(before, "gatehouse_history_flush_seconds_count")).toBe(0);

    // An admin change drops the credential from the cache; the next call reads it again.
    const invalidations = valueOf(before, "gatehouse_auth_cache_invalidations_total", { reason: "credential" });
    expect((await t.call("PATCH", `/api/admin/credentials/${key.id}`, { rateLimit: 1000 })).status).toBe(200);
    await t.deps.history.flush();
    const after = await t.scrape();
    expect(valueOf(after, "gatehouse_auth_cache_invalidations_total", { reason: "credential" })).toBe(invalidations + 1);
    expect(valueOf(after, "gatehouse_history_queue_depth")).toBe(0);
    expect(valueOf(after, "gatehouse_history_flush_seconds_count")).toBe(1);
    expect(valueOf(after, "gatehouse_history_flush_seconds_sum")).toBeGreaterThan(0);
  });

  it("counts limiter checks answered without Redis", async () => {
    // A Redis that was never reached: every limiter check falls back to this instance's counts.
    const t = await setup({ REDIS_URL: "redis://127.0.0.1:1" });
    const key = await t.credential();
    const before = valueOf(await t.scrape(), "gatehouse_redis_fallbacks_total");
    expect((await t.v1("POST", "/login", { body: { username: key.username, key: wrongKey(key.key) } })).status).toBe(401);
    // A failed login counts its address and its username+address: two checks.
    expect(valueOf(await t.scrape(), "gatehouse_redis_fallbacks_total")).toBe(before + 2);
    expect(valueOf(await (await setup()).scrape(), "gatehouse_redis_fallbacks_total")).toBe(0);
  });

  it("counts webhook deliveries by result as the deliverer sends them", async () => {
    const t = await setup();
    const receiver = await webhookReceiver();
    try {
      const created = await t.call("POST", "/api/admin/webhooks", { url: receiver.url, events: ["credential.created"] });
      const { endpoint } = await jsonOf<{ endpoint: { id: string } }>(created);
      const before = await t.scrape();
      expect((await t.call("POST", `/api/admin/webhooks/${endpoint.id}/test`)).status).toBe(202);
      await t.deps.webhooks.runOnce();
      receiver.state.up = false;
      expect((await t.call("POST", `/api/admin/webhooks/${endpoint.id}/test`)).status).toBe(202);
      await t.deps.webhooks.runOnce();
      const after = await t.scrape();
      const delta = (result: string) =>
        valueOf(after, "gatehouse_webhook_deliveries_total", { result }) - valueOf(before, "gatehouse_webhook_deliveries_total", { result });
      expect([delta("delivered"), delta("retried"), delta("failed")]).toEqual([1, 1, 0]);
      // The outbox as the database holds it: the delivered test event, and the one waiting to be retried.
      const outbox = (state: string) => valueOf(after, "gatehouse_webhook_outbox_deliveries", { state });
      expect([outbox("delivered"), outbox("pending"), outbox("failed")]).toEqual([1, 1, 0]);
      expect(after).not.toContain(receiver.url);
    } finally {
      receiver.close();
    }
  });

  it("labels requests with route templates, never the URL", async () => {
    const t = await setup();
    const key = await t.credential();
    for (const sku of ["123", "MUG-LOGO", "sku-that-does-not-exist-4711"]) await t.v1("GET", `/products/${sku}`, { basic: [key.username, key.key] });
    await t.v1("GET", "/no-such-call-9876");
    await t.app.request("/api/no-such-area-5555", {}, fromIp("127.0.0.1"));
    await t.call("GET", `/api/admin/credentials/${key.id}`);
    await t.call("GET", `/api/admin/credentials?search=find-me-3141`);
    await t.app.request("/apis/deep-link-2718", {}, fromIp("127.0.0.1"));
    const text = await t.scrape();
    const routes = new Set(samples(text).flatMap((sample) => (sample.labels.http_route === undefined ? [] : [sample.labels.http_route])));
    expect(routes).toContain("/api/v1/products/:sku");
    expect(routes).toContain("/api/admin/credentials/:id");
    expect(routes).toContain("/api/admin/credentials");
    expect(routes).toContain("unmatched");
    // The admin app's pages (its deep links) are one route.
    expect(routes).toContain("/*");
    expect(valueOf(text, "http_server_request_duration_seconds_count", { http_route: "/api/v1/products/:sku", http_response_status_code: "200" })).toBe(1);
    expect(valueOf(text, "http_server_request_duration_seconds_count", { http_route: "/api/v1/products/:sku", http_response_status_code: "404" })).toBe(2);
    expect(valueOf(text, "http_server_request_duration_seconds_count", { http_route: "unmatched", http_response_status_code: "404" })).toBe(2);
    // Names and labels only: a number such as 123 may well be some metric's value.
    const withoutValues = text.replaceAll(/ \S+$/gm, "");
    for (const part of ["123", "MUG-LOGO", "4711", "9876", "5555", "3141", "2718", "deep-link", key.id]) expect(withoutValues).not.toContain(part);
  });

  it("never shows a username, key, token, id or address, whoever called from wherever", async () => {
    const t = await setup({ TRUSTED_PROXIES: "127.0.0.1" });
    const addresses = ["198.51.100.23", "203.0.113.77", "2001:db8:7:1::5a", "192.0.2.201"];
    const secrets: string[] = [...addresses];
    const viaProxy = (method: string, path: string, ip: string, headers: Record<string, string>, body?: unknown) =>
      t.app.request(
        `/api/v1${path}`,
        {
          method,
          headers: { "X-Forwarded-For": ip, ...headers, ...(body ? { "Content-Type": "application/json" } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        },
        fromIp("127.0.0.1"),
      );
    for (const [index, username] of ["zq-inventory-sync", "Erp.Bridge_7", "pos-terminal-42"].entries()) {
      const key = await t.credential({ username, allowedIps: addresses.slice(0, 3).map((entry) => ({ entry })), rateLimit: index === 0 ? 1000 : null });
      secrets.push(username, username.toLowerCase(), key.key, key.key.slice(0, 8), key.key.slice(3, 12), key.id);
      for (const ip of addresses) {
        const login = await viaProxy("POST", "/login", ip, {}, { username, key: key.key });
        if (login.status === 200) {
          const { token } = await jsonOf<{ token: string }>(login);
          secrets.push(token, token.slice(0, 8), token.slice(3, 12));
          await viaProxy("GET", "/session", ip, { Authorization: `Bearer ${token}` });
          await viaProxy("GET", "/products/MUG-LOGO", ip, { Authorization: `Bearer ${token}` });
        }
        await viaProxy("GET", "/products", ip, { Authorization: `Basic ${Buffer.from(`${username}:${key.key}`).toString("base64")}` });
        await viaProxy("POST", "/login", ip, {}, { username, key: wrongKey(key.key) });
      }
    }
    // Unknown usernames and made-up tokens are not labels either.
    secrets.push("ghost-user-xyz", "gt_madeupmadeupmadeup");
    await viaProxy("POST", "/login", "198.51.100.23", {}, { username: "ghost-user-xyz", key: "gk_nothing" });
    await viaProxy("GET", "/session", "198.51.100.23", { Authorization: "Bearer gt_madeupmadeupmadeup" });
    await t.deps.history.flush();
    const text = await t.scrape("203.0.113.250");
    expect(valueOf(text, "gatehouse_calls_total", { call: "login", outcome: "ok" })).toBe(9);
    expect(valueOf(text, "gatehouse_calls_total", { call: "login", outcome: "ip_not_allowed" })).toBe(3);
    const lower = text.toLowerCase();
    for (const secret of secrets) expect(lower, secret).not.toContain(secret.toLowerCase());
    // Addresses in any spelling: the IPv6 one in full, and the proxy's.
    for (const address of ["2001:db8:7:1:0:0:0:5a", "2001:0db8", "127.0.0.1", "203.0.113.250"]) expect(text).not.toContain(address);
  });
});
