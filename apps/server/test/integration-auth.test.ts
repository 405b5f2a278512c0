import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../src/lib/time.ts";
import { errorOf, integrationSetup, jsonOf, tempDir, wrongKey, countOf, rowsOf, fromIp } from "./helpers.ts";
import { runCli } from "./run-cli.ts";

type Setup = Awaited<ReturnType<typeof integrationSetup>>;

const historyOf = async (t: Setup) => {
  await t.deps.history.flush();
  return (await rowsOf(t.store, 'select credential_id as "credentialId", username, call, ip, outcome, status, count from api_history order by id')) as {
    credentialId: string | null;
    username: string | null;
    call: string;
    ip: string;
    outcome: string;
    status: number;
    count: number;
  }[];
};

describe("POST /api/v1/login", () => {
  it("gives a token, its expiry and the key's scopes, and the token opens /session", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential({ scopes: ["products:read"] });
    const res = await t.v1("POST", "/login", { body: { username, key } });
    expect(res.status).toBe(200);
    const body = await jsonOf<{ token: string; expires_at: string; scopes: string[] }>(res);
    expect(body).toEqual({
      token: expect.stringMatching(/^gt_[0-9A-Za-z]{49}$/),
      expires_at: new Date(t.clock() + HOUR).toISOString(),
      scopes: ["products:read"],
    });
    const session = await t.v1("GET", "/session", { token: body.token });
    expect(await jsonOf(session)).toEqual({ username, scopes: ["products:read"], ip: "203.0.113.10", expires_at: new Date(t.clock() + HOUR).toISOString() });
  });

  it("accepts a form-encoded body and a username in any case", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const res = await t.v1("POST", "/login", {
      body: new URLSearchParams({ username: username.toUpperCase(), key }).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
  });

  it("answers unknown username, wrong key, disabled and expired with the same 401, and history tells them apart", async () => {
    const t = await integrationSetup();
    const good = await t.credential();
    const disabled = await t.credential({ status: "disabled" });
    const expiring = await t.credential({ expiresAt: new Date(t.clock() + MINUTE).toISOString() });
    const other = await t.credential();
    t.clock.advance(2 * MINUTE);
    const attempts = [
      ["nobody-here", good.key],
      [good.username, other.key],
      [disabled.username, disabled.key],
      [expiring.username, expiring.key],
    ];
    const bodies = [];
    for (const [username, key] of attempts) {
      const res = await t.v1("POST", "/login", { body: { username, key } });
      expect(res.status).toBe(401);
      const error = await errorOf(res);
      bodies.push({ code: error.code, message: error.message, fields: error.fields });
    }
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toEqual({ code: "unauthorized", message: "Unauthorized", fields: undefined });
    // One flush writes the four rows; on PostgreSQL in the order that keeps instances from deadlocking.
    const rows = (await historyOf(t)).map((row) => [row.username, row.outcome]);
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        ["nobody-here", "unauthorized"],
        [null, "unauthorized"],
        [null, "disabled"],
        [null, "expired"],
      ]),
    );
  });

  it("refuses a key with a bad checksum, and never records a key typed as a username", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const mangled = `${key.slice(0, 20)}${key[20] === "a" ? "b" : "a"}${key.slice(21)}`;
    expect((await t.v1("POST", "/login", { body: { username, key: mangled } })).status).toBe(401);
    expect((await t.v1("POST", "/login", { body: { username: key, key } })).status).toBe(401);
    expect(JSON.stringify(await historyOf(t))).not.toContain(key.slice(3, 20));
  });

  it("records a key with a bad checksum on the credential it was sent for, cached or not", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential();
    const mangled = `${key.slice(0, 20)}${key[20] === "a" ? "b" : "a"}${key.slice(21)}`;
    // Nothing has loaded the credential yet, then it is cached by a good login.
    t.deps.authCache.clear();
    expect((await t.v1("GET", "/session", { basic: [username, mangled] })).status).toBe(401);
    expect((await t.login(username, key)).res.status).toBe(200);
    expect((await t.v1("GET", "/session", { basic: [username, mangled] })).status).toBe(401);
    const refused = (await historyOf(t)).filter((row) => row.outcome === "unauthorized");
    expect(refused.map((row) => [row.credentialId, row.count])).toEqual([[id, 2]]);
  });

  it("names the address it saw when the right key comes from an address not allowed", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const res = await t.v1("POST", "/login", { body: { username, key }, ip: "198.51.100.77" });
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe("ip_not_allowed");
    expect(error.message).toContain("198.51.100.77");
  });

  it("treats an empty allow-list as allowing no address and * as allowing any", async () => {
    const t = await integrationSetup();
    const none = await t.credential({ allowedIps: [] });
    const any = await t.credential({ allowedIps: [{ entry: "*" }] });
    expect((await t.login(none.username, none.key)).res.status).toBe(403);
    expect((await t.login(any.username, any.key, "2001:db8::99")).res.status).toBe(200);
  });

  it.each([
    ["no body", undefined, "application/json", 400],
    ["malformed JSON", '{"username": ', "application/json", 400],
    ["a missing key", JSON.stringify({ username: "someone" }), "application/json", 400],
    ["a number for the username", JSON.stringify({ username: 5, key: "x" }), "application/json", 400],
    ["text/plain", "username=a&key=b", "text/plain", 415],
    ["no content type", "{}", "", 415],
  ])("answers %s with a clear %s", async (_name, body, type, status) => {
    const t = await integrationSetup();
    const res = await t.v1("POST", "/login", { ...(body === undefined ? {} : { body }), headers: { "Content-Type": type } });
    expect(res.status).toBe(status);
    expect((await errorOf(res)).request_id).toMatch(/^req_/);
  });

  it("throttles repeated failures from one address, but never the right key", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential({ allowedIps: [{ entry: "*" }] });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await t.v1("POST", "/login", { body: { username, key: wrongKey(key) }, ip: "192.0.2.66" })).status).toBe(401);
    }
    const blocked = await t.v1("POST", "/login", { body: { username, key: wrongKey(key) }, ip: "192.0.2.66" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorOf(blocked)).code).toBe("rate_limited");
    expect(await historyOf(t)).toContainEqual(expect.objectContaining({ ip: "192.0.2.66", outcome: "rate_limited", status: 429, count: 1 }));
    expect((await t.login(username, key, "192.0.2.66")).res.status).toBe(200);
    expect((await t.login(username, key, "192.0.2.67")).res.status).toBe(200);
  });
});

describe("authenticated calls", () => {
  it("accept Basic credentials on every call, re-checked each time", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential();
    expect((await t.v1("GET", "/session", { basic: [username, key] })).status).toBe(200);
    expect((await t.v1("GET", "/session", { basic: [username, wrongKey(key)] })).status).toBe(401);
    await t.call("PATCH", `/api/admin/credentials/${id}`, { status: "disabled" });
    const res = await t.v1("GET", "/session", { basic: [username, key] });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toBe("Unauthorized");
  });

  it("read Basic credentials however the client wrote the base64: padded, unpadded, with stray characters", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential();
    const encoded = Buffer.from(`${username}:${key}`).toString("base64");
    const unpadded = encoded.replace(/=+$/, "");
    // Buffer's reading skips what is not base64; atob refuses it (the decoding falls back).
    const stray = `${encoded.slice(0, 8)}!${encoded.slice(8)}`;
    for (const value of [encoded, unpadded, stray]) {
      expect((await t.v1("GET", "/session", { headers: { Authorization: `Basic ${value}` } })).status).toBe(200);
    }
    // A username outside ASCII is refused before any lookup, whichever byte reading it got.
    const accented = Buffer.from(`${username}é:${key}`).toString("base64");
    const res = await t.v1("GET", "/session", { headers: { Authorization: `Basic ${accented}` } });
    expect(res.status).toBe(401);
    const rows = await historyOf(t);
    const onKey = rows.filter((row) => row.credentialId === id);
    expect(onKey.map((row) => row.outcome)).toEqual(onKey.map(() => "ok"));
    expect(onKey.reduce((sum, row) => sum + row.count, 0)).toBe(3);
    expect(rows).toContainEqual(expect.objectContaining({ credentialId: null, username: null, outcome: "unauthorized" }));
  });

  it.each([
    ["no Authorization header", {}],
    ["an unknown scheme", { Authorization: "Digest abc" }],
    ["an empty Bearer", { Authorization: "Bearer " }],
    ["Basic that is not base64 of user:key", { Authorization: "Basic !!!" }],
  ])("refuse %s with 401", async (_name, headers) => {
    const t = await integrationSetup();
    const res = await t.v1("GET", "/session", { headers });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthorized");
  });

  it("refuse an unknown token with invalid_token", async () => {
    const t = await integrationSetup();
    const res = await t.v1("GET", "/session", { token: "not-a-token" });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("invalid_token");
  });

  it("bind the token to the address that logged in", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential({ allowedIps: [{ entry: "203.0.113.0/24" }] });
    const { token } = await t.login(username, key, "203.0.113.10");
    expect((await t.v1("GET", "/session", { token, ip: "203.0.113.10" })).status).toBe(200);
    const replayed = await t.v1("GET", "/session", { token, ip: "203.0.113.11" });
    expect(replayed.status).toBe(401);
    expect((await errorOf(replayed)).code).toBe("invalid_token");
  });

  it("slide the token's idle expiry, and end it after TOKEN_TTL_SECONDS idle", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const { token } = await t.login(username, key);
    for (let step = 0; step < 3; step += 1) {
      t.clock.advance(50 * MINUTE);
      expect((await t.v1("GET", "/session", { token })).status).toBe(200);
    }
    t.clock.advance(HOUR + 1);
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
  });

  it.each(["key", "api_key", "token", "access_token", "password", "Username"])("refuse ?%s= in the URL with 400", async (name) => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const { token } = await t.login(username, key);
    const res = await t.v1("GET", `/products?${name}=whatever`, { token });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("not accepted in the URL");
  });

  it("refuse a secret in the URL where no route's guard looks too, and end a token sent there", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const { token } = await t.login(username, key);
    const ip = fromIp("203.0.113.10");
    for (const path of [`/healthz?api_token=${token}`, `/api/v1/openapi.json?token=x`, `/api/v1/session/?access_token=x`, `/api/v1/nowhere?key=${key}`]) {
      const res = await t.app.request(path, {}, ip);
      expect(res.status, path).toBe(400);
      expect(JSON.stringify(await errorOf(res)), path).not.toContain(token);
    }
    const wrongMethod = await t.app.request(`/api/v1/session?password=x`, { method: "PUT" }, ip);
    expect(wrongMethod.status).toBe(400);
    // The token in /healthz's URL was ended; without a secret the same paths answer as before.
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
    expect((await t.app.request("/healthz", {}, ip)).status).toBe(200);
    expect((await t.app.request("/api/v1/nowhere", {}, ip)).status).toBe(404);
    expect((await t.app.request("/api/v1/openapi.json", {}, ip)).status).toBe(200);
  });

  it("refuse a token or key in the URL's path, and end the token, on known paths and unknown", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    for (const path of ["/products/", "/orders/", "/", "/session/"]) {
      const { token } = await t.login(username, key);
      const res = await t.v1("GET", `${path}${token}`, { token });
      expect(res.status, path).toBe(400);
      expect(JSON.stringify(await errorOf(res)), path).not.toContain(token);
      expect((await t.v1("GET", "/session", { token })).status, path).toBe(401);
    }
    expect((await t.v1("GET", `/products/${key}`, { basic: [username, key] })).status).toBe(400);
    // Only a real key or token: a SKU may hold what looks like a prefix.
    const { token } = await t.login(username, key);
    expect((await t.v1("GET", "/products/BAGT_KEY-1", { token })).status).toBe(404);
    expect((await t.v1("GET", `/products/gt_${"a".repeat(49)}`, { token })).status).toBe(404);
  });

  it("refuse a key value anywhere in the URL", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const res = await t.v1("GET", `/products?q=${key}`, { basic: [username, key] });
    expect(res.status).toBe(400);
  });
});

describe("revocation takes effect on the very next call", () => {
  // [what the admin does, the token's next call: status, outcome in history, recorded on the key]
  const revocations: [string, (t: Setup, id: string) => unknown, number, string, boolean][] = [
    ["disable", (t, id) => t.call("PATCH", `/api/admin/credentials/${id}`, { status: "disabled" }), 401, "disabled", true],
    ["delete", (t, id) => t.call("DELETE", `/api/admin/credentials/${id}`), 401, "invalid_token", false],
    ["regenerate without grace", (t, id) => t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "none" }), 401, "invalid_token", true],
    [
      "removing the address from the allow-list",
      (t, id) => t.call("PATCH", `/api/admin/credentials/${id}`, { allowedIps: [{ entry: "198.51.100.1" }] }),
      403,
      "ip_not_allowed",
      true,
    ],
    [
      "an expiry that has passed",
      async (t, id) => {
        await t.call("PATCH", `/api/admin/credentials/${id}`, { expiresAt: new Date(t.clock() + MINUTE).toISOString() });
        t.clock.advance(MINUTE);
      },
      401,
      "expired",
      true,
    ],
    ["bulk disable", (t, id) => t.call("POST", "/api/admin/credentials/bulk", { action: "disable", ids: [id] }), 401, "disabled", true],
  ];

  // Written or not yet written to the database when the admin acts: the token's calls stay in
  // the key's History either way (a stolen token's calls must not vanish when the key is disabled).
  describe.each([false, true])("with the token written first: %s", (written) => {
    it.each(revocations)("%s", async (_name, revoke, status, outcome, onTheKey) => {
      const t = await integrationSetup();
      const { key, username, id } = await t.credential();
      const { token } = await t.login(username, key);
      expect((await t.v1("GET", "/products", { token })).status).toBe(200);
      if (written) await t.deps.authCache.flushTokens();
      await revoke(t, id);
      await t.deps.authCache.flushTokens();
      expect((await t.v1("GET", "/products", { token })).status).toBe(status);
      expect(await historyOf(t)).toContainEqual(expect.objectContaining({ call: "products.list", outcome, credentialId: onTheKey ? id : null, status }));
      expect((await t.v1("GET", "/products", { basic: [username, key] })).status).toBeGreaterThanOrEqual(400);
    });
  });

  it("a token ended by logout or sent in a URL is still recorded on its key", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential();
    const first = await t.login(username, key);
    expect((await t.v1("POST", "/logout", { token: first.token })).status).toBe(204);
    const second = await t.login(username, key);
    await t.deps.authCache.flushTokens();
    expect((await t.v1("GET", `/products?access_token=${second.token}`, { token: second.token })).status).toBe(400);
    for (const { token } of [first, second]) expect((await t.v1("GET", "/session", { token })).status).toBe(401);
    const history = await historyOf(t);
    expect(history).toContainEqual(expect.objectContaining({ call: "session", outcome: "invalid_token", credentialId: id, count: 2 }));
    // The call that ended it too: the key's History says why its token stopped working.
    expect(history).toContainEqual(expect.objectContaining({ call: "products.list", status: 400, credentialId: id }));
  });

  it("a token never outlives its key's expiry, nor comes back when an expired key is given a new one", async () => {
    const t = await integrationSetup();
    const expiry = new Date(t.clock() + 10 * MINUTE).toISOString();
    const { key, username, id } = await t.credential({ expiresAt: expiry });
    // Told the truth: the token ends with the key, not an hour from now.
    const { token, expires_at } = await jsonOf<{ token: string; expires_at: string }>(await t.v1("POST", "/login", { body: { username, key } }));
    expect(expires_at).toBe(expiry);
    expect(await jsonOf(await t.v1("GET", "/session", { token }))).toMatchObject({ expires_at: expiry });
    expect(await jsonOf(await t.v1("GET", "/session", { basic: [username, key] }))).toMatchObject({ expires_at: expiry });
    await t.deps.authCache.flushTokens();
    t.clock.advance(11 * MINUTE);
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
    const later = new Date(t.clock() + HOUR).toISOString();
    expect((await t.call("PATCH", `/api/admin/credentials/${id}`, { expiresAt: later })).status).toBe(200);
    const refused = await t.v1("GET", "/session", { token });
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe("invalid_token");
    expect((await t.login(username, key)).res.status).toBe(200);
  });

  it("a live key given a later expiry keeps its tokens, which then last to the new one", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential({ expiresAt: new Date(t.clock() + 10 * MINUTE).toISOString() });
    const { token } = await t.login(username, key);
    await t.deps.authCache.flushTokens();
    expect((await t.call("PATCH", `/api/admin/credentials/${id}`, { expiresAt: null })).status).toBe(200);
    t.clock.advance(5 * MINUTE);
    const session = await t.v1("GET", "/session", { token });
    expect(session.status).toBe(200);
    expect(await jsonOf(session)).toMatchObject({ expires_at: new Date(t.clock() + HOUR).toISOString() });
  });

  it("logout revokes the token", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const { token } = await t.login(username, key);
    expect((await t.v1("POST", "/logout", { token })).status).toBe(204);
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
  });

  it("logout with an empty body ends the token whatever type the client labels it (curl -d '')", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    for (const type of ["application/x-www-form-urlencoded", "text/plain"]) {
      const { token } = await t.login(username, key);
      const res = await t.v1("POST", "/logout", { token, headers: { "Content-Type": type, "Content-Length": "0" } });
      expect(res.status, type).toBe(204);
      expect((await t.v1("GET", "/session", { token })).status, type).toBe(401);
    }
  });

  it("regeneration with grace keeps the old key and its tokens until the grace ends", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential();
    const { token } = await t.login(username, key);
    const renewed = await jsonOf<{ key: string }>(await t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "1h" }));
    expect((await t.v1("GET", "/session", { token })).status).toBe(200);
    expect((await t.login(username, key)).res.status).toBe(200);
    expect((await t.login(username, renewed.key)).res.status).toBe(200);
    t.clock.advance(HOUR);
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
    expect((await t.login(username, key)).res.status).toBe(401);
    expect((await t.login(username, renewed.key)).res.status).toBe(200);
  });

  it("a change made by another process (the CLI) is seen at the next check of the database", async () => {
    const t = await integrationSetup(join(tempDir(), "gatehouse.sqlite"));
    const { key, username, id } = await t.credential();
    const { token } = await t.login(username, key);
    expect(t.deps.authCache.checkForeignChanges()).toBe(false);
    // A second connection to the same file stands in for the CLI process.
    const cli = new Database(t.deps.config.DATABASE_PATH);
    cli.prepare("update credentials set status = 'disabled' where id = ?").run(id);
    cli.close();
    expect(t.deps.authCache.checkForeignChanges()).toBe(true);
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
  });

  // A review's find: for the moments before that check, such a token was answered invalid_token
  // and recorded so, as if it were made up, because this instance's copy still said enabled.
  it("a token the CLI ended is refused as its key's state says, before this instance has checked for changes", async () => {
    const t = await integrationSetup(join(tempDir(), "gatehouse.sqlite"));
    const { key, username, id } = await t.credential();
    const { token } = await t.login(username, key);
    // Written to the file, and not in this instance's token cache until its first call; the
    // credential is cached by a second login.
    await t.deps.authCache.flushTokens();
    await t.login(username, key);
    expect(runCli(t.deps.config.DATABASE_PATH, ["key", "disable", username]).status).toBe(0);
    const res = await t.v1("GET", "/session", { token });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthorized");
    await t.deps.history.flush();
    expect(await rowsOf(t.store, "select outcome from api_history where credential_id = ? and call = 'session'", [id])).toEqual([{ outcome: "disabled" }]);
  });
});

describe("tokens are written behind", () => {
  it("a token works at once and reaches the database at the next flush", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential();
    const { token } = await t.login(username, key);
    // PostgreSQL serves several instances: there a token is written before login answers.
    expect(await countOf(t.store, "api_tokens")).toBe(t.store.kind === "sqlite" ? 0 : 1);
    expect((await t.v1("GET", "/session", { token })).status).toBe(200);
    await t.deps.authCache.flushTokens();
    expect(await countOf(t.store, "api_tokens")).toBe(1);
    t.deps.authCache.clear();
    expect((await t.v1("GET", "/session", { token })).status).toBe(200);
  });

  it("a token not yet written stays revoked when another process disables its key, even after re-enabling", async () => {
    const t = await integrationSetup(join(tempDir(), "gatehouse.sqlite"));
    const { key, username, id } = await t.credential();
    const { token } = await t.login(username, key);
    const cli = new Database(t.deps.config.DATABASE_PATH);
    cli.prepare("update credentials set status = 'disabled' where id = ?").run(id);
    expect(t.deps.authCache.checkForeignChanges()).toBe(true);
    cli.prepare("update credentials set status = 'enabled' where id = ?").run(id);
    cli.close();
    t.deps.authCache.checkForeignChanges();
    expect(await countOf(t.store, "api_tokens")).toBe(0);
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
  });

  it("an unwritten token whose address is removed from the allow-list is dropped, not written", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential({ allowedIps: [{ entry: "203.0.113.10" }, { entry: "198.51.100.1" }] });
    const { token } = await t.login(username, key);
    await t.call("PATCH", `/api/admin/credentials/${id}`, { allowedIps: [{ entry: "198.51.100.1" }] });
    await t.call("PATCH", `/api/admin/credentials/${id}`, { allowedIps: [{ entry: "198.51.100.1" }, { entry: "203.0.113.10" }] });
    await t.deps.authCache.flushTokens();
    expect((await t.v1("GET", "/session", { token })).status).toBe(401);
  });
});

describe("per-credential rate limit", () => {
  it("allows exactly N calls a minute, refuses call N+1 with 429 and the RateLimit headers", async () => {
    const t = await integrationSetup();
    const { key, username } = await t.credential({ rateLimit: 5 });
    const { token } = await t.login(username, key);
    const remaining = [];
    for (let call = 0; call < 4; call += 1) {
      const res = await t.v1("GET", "/session", { token });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("5");
      remaining.push(res.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["3", "2", "1", "0"]);
    const refused = await t.v1("GET", "/session", { token });
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
  });

  // A review's find: every change of the limit gave the key a fresh minute's allowance.
  it("keeps what the key spent this minute when an admin changes its limit", async () => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential({ rateLimit: 6 });
    const { token } = await t.login(username, key);
    const statuses = async (calls: number) => {
      const seen = [];
      for (let call = 0; call < calls; call += 1) seen.push((await t.v1("GET", "/session", { token })).status);
      return seen;
    };
    expect(await statuses(6), "the login and 5 calls spend 6").toEqual([200, 200, 200, 200, 200, 429]);
    expect((await t.call("PATCH", `/api/admin/credentials/${id}`, { rateLimit: 8 })).status).toBe(200);
    expect(await statuses(3), "raised to 8: the 2 not spent yet").toEqual([200, 200, 429]);
    expect((await t.call("PATCH", `/api/admin/credentials/${id}`, { rateLimit: 4 })).status).toBe(200);
    expect(await statuses(1), "lowered to 4, with 8 spent").toEqual([429]);
  });
});
