import { MAX_ALLOWED_IPS, type AuditEntry, type Credential, type Page } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsSetup, errorOf, listen, seedCredential, rowsOf } from "./helpers.ts";

/**
 * A red-team review pressed "Allow this IP" 300 times: the list grew past the 500-entry cap to
 * 801 entries, after which the admin could no longer save it, and every press wrote the whole
 * list twice into the audit log (86.5 MB for 301 rows). Every attack here goes over real HTTP.
 */
const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

describe("the allow-list cap and its audit, over HTTP", () => {
  let t: Awaited<ReturnType<typeof credentialsSetup>>;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    t = await credentialsSetup("owner");
    server = await listen(t.deps);
  });
  afterAll(() => server.close());

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${server.baseUrl}/api/admin${path}`, {
      method,
      headers: { Cookie: t.cookie, "Sec-Fetch-Site": "same-origin", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const allow = (id: string, entry: string, note = "Added from history") => admin("POST", `/credentials/${id}/allowed-ips`, { entry, note });
  const read = async (id: string) => (await (await admin("GET", `/credentials/${id}`)).json()) as Credential;
  const create = async (username: string, count: number) => {
    const res = await admin("POST", "/credentials", { username, allowedIps: Array.from({ length: count }, (_, n) => ({ entry: address(n) })) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { credential: Credential }).credential;
  };
  const allowedIpsAudit = async (id: string) =>
    (await rowsOf(
      t.store,
      "select length(coalesce(cast(before as text), '')) + length(coalesce(cast(after as text), '')) as size from audit_log where action = 'allowed_ips.replace' and target_id = ?",
      [id],
    )) as { size: number }[];

  // Hundreds of requests each: allow more than the default 15 s on a busy machine.
  it("300 parallel presses never take the list past the cap; each refused one is a 4xx naming it", { timeout: 60_000 }, async () => {
    const { id } = await create("parallel-api", MAX_ALLOWED_IPS - 10);
    const answers = await Promise.all(Array.from({ length: 300 }, (_, n) => allow(id, `198.51.${n >> 8}.${n & 255}`)));
    expect(answers.filter((res) => res.status === 200)).toHaveLength(10);
    const refused = answers.filter((res) => res.status === 400);
    expect(refused).toHaveLength(290);
    for (const res of refused) expect((await errorOf(res)).message).toContain(`at most ${MAX_ALLOWED_IPS} allowed IPs`);
    expect((await read(id)).allowedIps).toHaveLength(MAX_ALLOWED_IPS);
    expect(await allowedIpsAudit(id)).toHaveLength(10);
  });

  it("sequential presses fill the list to the cap and no further; a refused one changes nothing", { timeout: 60_000 }, async () => {
    const pressed = 40;
    const { id } = await create("sequential-api", MAX_ALLOWED_IPS - pressed);
    for (let n = MAX_ALLOWED_IPS - pressed; n < MAX_ALLOWED_IPS; n += 1) expect((await allow(id, address(n))).status).toBe(200);
    const full = await read(id);
    expect(full.allowedIps).toHaveLength(MAX_ALLOWED_IPS);
    t.clock.advance(60_000);
    for (let n = 0; n < 5; n += 1) expect((await allow(id, `192.0.2.${n}`)).status).toBe(400);
    expect(await read(id)).toEqual(full);
    // Audited as one small diff per press: the log grows linearly, not with the list's length.
    const rows = await allowedIpsAudit(id);
    expect(rows).toHaveLength(pressed);
    expect(Math.max(...rows.map((row) => row.size))).toBeLessThan(1024);
    expect(rows.reduce((sum, row) => sum + row.size, 0)).toBeLessThan(pressed * 200);
    // The full list still saves.
    expect((await admin("PATCH", `/credentials/${id}`, { allowedIps: full.allowedIps })).status).toBe(200);
  });

  it("a list longer than the cap is refused on every write path", async () => {
    const { id } = await create("patch-api", 1);
    const tooMany = Array.from({ length: MAX_ALLOWED_IPS + 1 }, (_, n) => ({ entry: address(n) }));
    const patched = await admin("PATCH", `/credentials/${id}`, { allowedIps: tooMany });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(await patched.json())).toContain(String(MAX_ALLOWED_IPS));
    expect((await admin("POST", "/credentials", { username: "too-many", allowedIps: tooMany })).status).toBe(400);
    // The domain itself refuses, whoever calls it (the CLI, a test, a future route).
    await expect(seedCredential(t.deps, { username: "too-many", scopes: [], allowedIps: tooMany.map((ip) => ip.entry) })).rejects.toThrow(
      String(MAX_ALLOWED_IPS),
    );
  });

  it.each([
    ["the same address", "203.0.113.5", "203.0.113.5"],
    ["the same address written differently", "2001:db8::1", "2001:DB8:0:0::1"],
    ["an IPv4-mapped form of a listed address", "203.0.113.5", "::ffff:203.0.113.5"],
    ["an address inside a listed range", "198.51.100.0/24", "198.51.100.77"],
    ["an address inside a listed wildcard", "10.1.*.*", "10.1.2.3"],
    ["any address when * is listed", "*", "192.0.2.1"],
  ])("allowing %s again is a 400 that changes nothing", async (_, listed, pressed) => {
    const { id } = await create(`dup-${Math.random().toString(36).slice(2, 10)}`, 0);
    expect((await admin("PATCH", `/credentials/${id}`, { allowedIps: [{ entry: listed, note: "office" }] })).status).toBe(200);
    const before = await read(id);
    const audited = (await allowedIpsAudit(id)).length;
    t.clock.advance(1000);
    const res = await allow(id, pressed);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/already allowed/);
    expect(await read(id)).toEqual(before);
    expect(await allowedIpsAudit(id)).toHaveLength(audited);
  });

  it("audits a change of the list as the entries added and removed, and a changed note as both", async () => {
    const { id } = await create("diff-api", 3);
    expect((await allow(id, "203.0.113.5")).status).toBe(200);
    const replaced = [{ entry: address(0) }, { entry: address(1), note: "warehouse" }, { entry: "203.0.113.5", note: "Added from history" }];
    expect((await admin("PATCH", `/credentials/${id}`, { allowedIps: replaced })).status).toBe(200);
    const audit = (await (await admin("GET", "/audit-log?action=allowed_ips.replace&limit=200")).json()) as Page<AuditEntry>;
    const mine = audit.items.filter((entry) => entry.targetId === id);
    expect(mine.map((entry) => ({ before: entry.before, after: entry.after }))).toEqual([
      { before: null, after: { added: [`${address(1)} (warehouse)`], removed: [address(1), address(2)] } },
      { before: null, after: { added: ["203.0.113.5 (Added from history)"], removed: [] } },
    ]);
  });
});
