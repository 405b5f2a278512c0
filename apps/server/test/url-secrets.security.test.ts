import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskSecrets } from "../src/lib/mask-secrets.ts";
import { errorOf, integrationSetup, listen, at, rowsOf } from "./helpers.ts";

/**
 * A red-team review put keys and tokens in URLs — as query values under innocent names, under
 * names we did not list, disguised by case, `+` or spaces, and in the path — and found them in
 * the access log and echoed in error messages. Every attack here goes over real HTTP.
 */
describe("secrets in URLs, over HTTP", () => {
  let t: Awaited<ReturnType<typeof integrationSetup>>;
  let server: Awaited<ReturnType<typeof listen>>;
  let key = "";
  let token = "";
  let username = "";
  // Tokens sent in a URL are revoked: each attack leaks one of its own.
  const leaked: string[] = [];
  const secrets = () => [key, token, ...leaked];
  const newToken = async () => {
    const login = await fetch(`${server.baseUrl}/api/v1/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, key }),
    });
    const fresh = ((await login.json()) as { token: string }).token;
    leaked.push(fresh);
    return fresh;
  };

  beforeAll(async () => {
    t = await integrationSetup();
    // A SKU of 32 characters gives a 43-character cursor: the token's shape, yet no token.
    await rowsOf(
      t.store,
      `insert into products (sku, name, price_cents, quantity, status, created_at, updated_at) values (?, 'Long SKU', 100, 1, 'enabled', ${at(t.store, 0)}, ${at(t.store, 0)})`,
      ["Z".repeat(32)],
    );
    const issued = await t.credential({ allowedIps: [{ entry: "127.0.0.1" }] });
    key = issued.key;
    username = issued.username;
    server = await listen(t.deps);
    const login = await fetch(`${server.baseUrl}/api/v1/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, key }),
    });
    token = ((await login.json()) as { token: string }).token;
  });
  afterAll(() => server.close());

  const get = (pathAndQuery: string, auth = true) =>
    fetch(`${server.baseUrl}/api/v1${pathAndQuery}`, { headers: auth ? { Authorization: `Bearer ${token}` } : {} });
  /** Fails if any part of a key (past its public 8-character prefix) or token shows in `text`. */
  const expectNoSecret = (text: string, where: string) => {
    for (const secret of secrets()) {
      const needle = secret.startsWith("gk_") ? secret.slice(8, 40) : secret.slice(4, 36);
      expect(text.toLowerCase().includes(needle.toLowerCase()), `a secret shows in ${where}`).toBe(false);
    }
  };

  // The spec's list, the ones added after the review, the ones refused before, then disguises.
  it.each([
    "key",
    "api_key",
    "apikey",
    "api_token",
    "token",
    "access_token",
    "password",
    "secret",
    "signature",
    "access-token",
    "bearer",
    "jwt",
    "session",
    "sid",
    "api-key",
    "auth",
    "authorization",
    "username",
    "user",
    "API_KEY",
    "Api-Key",
    "api-token",
    "ACCESS-TOKEN",
    "Access_Token",
    "Token",
    "JWT",
    "SID",
    "apiKey",
    "client_secret",
  ])("the parameter name %s is refused, whatever its value", async (name) => {
    const res = await get(`/products?${encodeURIComponent(name)}=harmless`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });

  const valueAttacks: [string, (leak: string) => string][] = [
    ["a well-formed key", () => encodeURIComponent(key)],
    ["the key in upper case", () => encodeURIComponent(key.toUpperCase())],
    ["the key with a GK_ prefix", () => `GK_${key.slice(3)}`],
    ["the key after a raw + (a space once decoded)", () => `+${key}`],
    ["the key after an encoded +", () => `%2B${key}`],
    ["the key between spaces", () => `%20%20${key}%20`],
    ["the key after Bearer", () => `Bearer%20${key}`],
    ["a key-shaped value with a bad checksum", () => `${key.slice(0, -1)}0`],
    ["a short key-shaped value", () => "gk_abc123"],
    ["a short key-shaped value in upper case", () => "GK_ABC123"],
    ["a token", (leak) => leak],
    ["a token in upper case", (leak) => leak.toUpperCase()],
    ["a token after a raw +", (leak) => `+${leak}`],
    ["a token after Bearer", (leak) => `Bearer+${leak}`],
    ["a made-up token-shaped value", () => "A".repeat(20) + "b".repeat(20) + "-_9"],
  ];

  it.each(valueAttacks)("%s as the value of an innocent parameter is refused", async (_, value) => {
    const res = await get(`/products?q=${value(await newToken())}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expectNoSecret(JSON.stringify(error), "the error");
  });

  it("a key as a parameter's name is refused and not echoed", async () => {
    const res = await get(`/products?${key}`);
    expect(res.status).toBe(400);
    expectNoSecret(await res.text(), "the error");
  });

  it("a token passed off as a cursor is refused: only a cursor this API could issue is let through", async () => {
    const res = await get(`/products?cursor=${await newToken()}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message).toContain("has been revoked");
    expectNoSecret(JSON.stringify(error), "the error");
    // A long cursor no page gave out, with no key or token in it, is just not valid.
    const made = await errorOf(await get(`/products?cursor=${"a".repeat(8000)}`));
    expect(made).toMatchObject({ code: "invalid_request", fields: { cursor: "cursor is not valid" } });
  });

  it("a well-formed token in a URL is revoked, whoever sent it, and the refusal says so", async () => {
    const leak = await newToken();
    const works = await fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${leak}` } });
    expect(works.status).toBe(200);
    // Sent without any Authorization, as a stranger who found it in a log would.
    const res = await get(`/session?ref=${leak}`, false);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message).toContain("has been revoked");
    expectNoSecret(JSON.stringify(error), "the error");
    const after = await fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${leak}` } });
    expect(after.status).toBe(401);
    expect((await errorOf(after)).code).toBe("invalid_token");
    // The token this suite uses elsewhere still works: only the leaked one ended.
    expect((await get("/session")).status).toBe(200);
  });

  it("off the integration API too (admin API, metrics, pages), a real key or token or a contract name is refused", async () => {
    const leaks = await Promise.all(["/api/admin/credentials", "/metrics", "/apis", "/activity", "/"].map(async (path) => [path, await newToken()]));
    for (const [path, leak] of leaks) {
      const res = await fetch(`${server.baseUrl}${path}?ref=x+${leak}`);
      expect(res.status, path).toBe(400);
      const error = await errorOf(res);
      expect(error.message).toContain("has been revoked");
      expectNoSecret(JSON.stringify(error), "the error");
      const after = await fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${leak}` } });
      expect(after.status, path).toBe(401);
    }
    // In the path too, also where a `..` would take it away.
    const inPaths = await Promise.all(["/apis/", "/apis;x=", "/metrics/", "/api/admin/credentials/", "/apis/x/"].map(async (path) => [path, await newToken()]));
    for (const [path, leak] of inPaths) {
      const target = path === "/apis/x/" ? `/apis/x/${leak}/../y` : `${path}${leak}`;
      const res = await sendRaw(target);
      expect(res.status, path).toBe(400);
      expect(res.body).toContain("has been revoked");
      const after = await fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${leak}` } });
      expect(after.status, path).toBe(401);
    }
    // Found by a second review: an encoded token beside a bad escape, and a token with letters glued on.
    const disguised = [
      (leak: string) => `/apis/%67${leak.slice(1)}/%FF`,
      (leak: string) => `/api/v1/products/%67${leak.slice(1)}%FF`,
      (leak: string) => `/apis?x=a${leak}`,
      (leak: string) => `/apis?x=${leak}a`,
      (leak: string) => `/api/v1/session?x=a${leak}`,
    ];
    for (const target of disguised) {
      const leak = await newToken();
      const res = await sendRaw(target(leak));
      expect(res.status, target("gt_…")).toBe(400);
      expect(res.body, target("gt_…")).toContain("has been revoked");
    }
    const withKey = await fetch(`${server.baseUrl}/apis?k=${key}`);
    expect(withKey.status).toBe(400);
    expect((await errorOf(withKey)).message).toContain("regenerate that key");
    for (const pathAndQuery of ["/api/admin/credentials?password=x", "/apis?api_token=x", "/activity?Access-Token=x", "/metrics?token=x"]) {
      expect((await fetch(`${server.baseUrl}${pathAndQuery}`)).status, pathAndQuery).toBe(400);
    }
    // The admin app's own parameters are not names the contract lists, whatever they hold.
    const cursor = Buffer.from("Z".repeat(32)).toString("base64url");
    expect((await fetch(`${server.baseUrl}/api/admin/history?username=${username}&cursor=${cursor}`)).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/activity?username=${username}&ip=127.0.0.1`)).status).not.toBe(400);
    expect((await get("/session")).status).toBe(200);
  });

  it("login refuses a key in its URL, even with the right body, and issues no token", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/login?q=%2B${key}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, key }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('"token"');
  });

  it("login with a form body still works (the key is in the body, not the URL)", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, key }).toString(),
    });
    expect(res.status).toBe(200);
  });

  it("ordinary parameters still work, including a 43-character cursor", async () => {
    const first = await get("/products?limit=1");
    expect(first.status).toBe(200);
    const all = await get("/products?limit=100");
    const skus = ((await all.json()) as { items: { sku: string }[] }).items.map((item) => item.sku);
    const before = skus[skus.indexOf("Z".repeat(32)) - 1];
    expect(before).toBeDefined();
    const cursor = Buffer.from("Z".repeat(32)).toString("base64url");
    expect(cursor).toHaveLength(43);
    const next = await get(`/products?limit=5&cursor=${cursor}`);
    expect(next.status).toBe(200);
    expect((await get("/orders?status=pending&limit=2")).status).toBe(200);
  });

  it("a key or token in the path is refused (the token ended), and neither echoed nor logged", async () => {
    const asSku = await get(`/products/${key}`);
    expect(asSku.status).toBe(400);
    expectNoSecret(await asSku.text(), "the refusal");
    const leak = await newToken();
    const tokenAsSku = await get(`/products/${leak}`);
    expect(tokenAsSku.status).toBe(400);
    expectNoSecret(await tokenAsSku.text(), "the refusal");
    expect((await fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${leak}` } })).status).toBe(401);
    // Key-shaped but not a key (its checksum fails in upper case): an unknown SKU, named only by its start.
    const patched = await fetch(`${server.baseUrl}/api/v1/products/${key.toUpperCase()}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ quantity: 1 }),
    });
    expect(patched.status).toBe(404);
    const message = (await errorOf(patched)).message;
    expectNoSecret(message, "the 404 message");
    expect(message).toContain(key.toUpperCase().slice(0, 7));
    // Unauthenticated, the same; and on a path no route serves.
    expect((await get(`/products/${key}`, false)).status).toBe(400);
    const unrouted = await get(`/nothing/${key}`);
    expect(unrouted.status).toBe(400);
    expectNoSecret(await unrouted.text(), "the no-route refusal");
  });

  // fetch resolves dot segments before sending; node:http sends the path exactly as given.
  const sendRaw = (path: string, authorization?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(server.baseUrl);
      const request = httpRequest({ host: "127.0.0.1", port, path, headers: authorization ? { Authorization: authorization } : {} }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      request.on("error", reject).end();
    });

  it.each([
    ["in a segment that `..` takes away", (secret: string) => `/api/v1/${secret}/../session`],
    ["before a trailing `..`", (secret: string) => `/api/v1/session/${secret}/..`],
    ["behind encoded dots", (secret: string) => `/api/v1/${secret}/%2e%2e/session`],
    ["with its underscore percent-encoded", (secret: string) => `/api/v1/products/${secret.replace("_", "%5F")}`],
  ])("a token %s is refused and revoked; a key there is refused", async (_, pathWith) => {
    const leak = await newToken();
    const res = await sendRaw(pathWith(leak), `Bearer ${leak}`);
    expect(res.status).toBe(400);
    expect(res.body).toContain("has been revoked");
    expectNoSecret(res.body, "the refusal");
    expect((await fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${leak}` } })).status).toBe(401);
    const withKey = await sendRaw(pathWith(key), `Bearer ${token}`);
    expect(withKey.status).toBe(400);
    expect(withKey.body).toContain("An API key was sent in the URL");
    expectNoSecret(withKey.body, "the refusal");
    // The same paths without a secret are what they always were.
    expect((await sendRaw("/api/v1/products/../session", `Bearer ${token}`)).status).toBe(200);
  });

  it("a key in the user agent does not reach history", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/session`, { headers: { Authorization: `Bearer ${token}`, "User-Agent": `sync/1.0 ${key}` } });
    expect(res.status).toBe(200);
    await t.deps.history.flush();
    expectNoSecret(JSON.stringify(await rowsOf(t.store, "select user_agent from api_history")), "history's user agents");
  });

  it("leaves no refused value in history or the logs", async () => {
    await t.deps.history.flush();
    const stored = JSON.stringify(await rowsOf(t.store, "select * from api_history"));
    expectNoSecret(stored, "history");
    const logs = t.lines.join("\n");
    expect(logs).toContain(`"path":"/api/v1/products/${key.slice(0, 7)}`);
    expectNoSecret(logs, "the logs");
  });
});

describe("maskSecrets", () => {
  const key = `gk_${"aB3".repeat(20)}x`;
  const token = "Q2hlY2tzdW1zIGFyZSBub3QgYSBzZWNyZXQsIGJ1dCB0";

  it.each([
    ["/api/v1/products/WIDGET-001", "/api/v1/products/WIDGET-001"],
    ["/api/v1/orders/1042", "/api/v1/orders/1042"],
    [`/api/v1/products/${key}`, "/api/v1/products/gk_aB3a…"],
    [`/api/v1/products/${key.toUpperCase()}`, "/api/v1/products/GK_AB3A…"],
    [`/x/gk_short/y`, "/x/gk_shor…/y"],
    [`/api/v1/products/${token}`, "/api/v1/products/[redacted]"],
    [`/a/${token}/b/${key}`, "/a/[redacted]/b/gk_aB3a…"],
    [`Product prefix-${key}`, "Product [redacted]"],
  ])("%s → %s", (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });
});
