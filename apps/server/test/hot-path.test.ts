import { describe, expect, it } from "vitest";
import { fromIp, integrationSetup } from "./helpers.ts";

type Setup = Awaited<ReturnType<typeof integrationSetup>>;

// The calls integrations make all day are answered synchronously: the Node adapter then writes
// the answer at once instead of awaiting a promise (lib/flat-router.ts). A refactor that puts a
// promise back on these paths costs a tenth of the throughput and fails here, not in a bench.
describe("the hot paths stay synchronous", () => {
  it("answers /healthz and a good Bearer call without a promise, and still with a promise where a step awaits", async () => {
    const t = await integrationSetup();
    const { username, key } = await t.credential();
    const { token } = await t.login(username, key);
    const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers }, fromIp("203.0.113.10"));

    const health = get("/healthz");
    expect(health).not.toBeInstanceOf(Promise);
    expect((health as Response).status).toBe(200);
    const session = get("/api/v1/session", { Authorization: `Bearer ${token}` });
    expect(session).not.toBeInstanceOf(Promise);
    expect((session as Response).status).toBe(200);
    expect((session as Response).headers.get("cache-control")).toBe("no-store");
    const basic = get("/api/v1/session", { Authorization: `Basic ${Buffer.from(`${username}:${key}`).toString("base64")}` });
    expect(basic).not.toBeInstanceOf(Promise);
    expect((basic as Response).status).toBe(200);

    // An unknown token is counted against the address first (an awaited limiter): same answer, later.
    const unknown = get("/api/v1/session", { Authorization: "Bearer nope" });
    expect(unknown).toBeInstanceOf(Promise);
    expect((await unknown).status).toBe(401);
  });
});

// A token or key that authenticated is not hashed again on its next call (DigestMemo): the memo
// spares the hash only, so every change still ends a remembered token or key on the next call.
describe("a remembered token or key ends as soon as it is revoked", () => {
  const changes: [string, (t: Setup, id: string, token: string) => unknown, { bearer: number; basic: number }][] = [
    ["logout", (t, _id, token) => t.v1("POST", "/logout", { token }), { bearer: 401, basic: 200 }],
    ["disable", (t, id) => t.call("PATCH", `/api/admin/credentials/${id}`, { status: "disabled" }), { bearer: 401, basic: 401 }],
    ["regenerate without grace", (t, id) => t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "none" }), { bearer: 401, basic: 401 }],
    [
      "the caller's address leaves the allow-list",
      (t, id) => t.call("PATCH", `/api/admin/credentials/${id}`, { allowedIps: [{ entry: "198.51.100.1" }] }),
      // The ended token is refused as its key is now: not allowed from this address.
      { bearer: 403, basic: 403 },
    ],
    ["delete", (t, id) => t.call("DELETE", `/api/admin/credentials/${id}`), { bearer: 401, basic: 401 }],
  ];

  it.each(changes)("%s", async (_name, change, expected) => {
    const t = await integrationSetup();
    const { key, username, id } = await t.credential();
    const { token } = await t.login(username, key);
    // Twice each: the first call remembers, the second is answered from the memo.
    for (let call = 0; call < 2; call += 1) {
      expect((await t.v1("GET", "/session", { token })).status).toBe(200);
      expect((await t.v1("GET", "/session", { basic: [username, key] })).status).toBe(200);
    }
    await change(t, id, token);
    expect((await t.v1("GET", "/session", { token })).status).toBe(expected.bearer);
    expect((await t.v1("GET", "/session", { basic: [username, key] })).status).toBe(expected.basic);
  });

  it("a remembered key works only with its own username", async () => {
    const t = await integrationSetup();
    const first = await t.credential();
    const second = await t.credential();
    expect((await t.v1("GET", "/session", { basic: [first.username, first.key] })).status).toBe(200);
    expect((await t.v1("GET", "/session", { basic: [second.username, first.key] })).status).toBe(401);
    expect((await t.v1("POST", "/login", { body: { username: second.username, key: first.key } })).status).toBe(401);
  });
});
