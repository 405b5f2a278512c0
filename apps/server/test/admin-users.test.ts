import type { AdminUser, AuditEntry, Page } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { asAdmin, errorOf, jsonOf, PASSWORD, seedAdmin, signIn, testApp, countOf } from "./helpers.ts";

async function setup() {
  const t = await testApp();
  const owner = await seedAdmin(t.deps, "olivia", "owner");
  const { cookie } = await signIn(t.app, "olivia");
  return { ...t, owner, call: asAdmin(t.app, cookie) };
}

const auditOf = async (call: ReturnType<typeof asAdmin>, query = "") => jsonOf<Page<AuditEntry>>(await call("GET", `/api/admin/audit-log${query}`));

describe("admin users", () => {
  it("an owner adds a user who can then sign in with that role", async () => {
    const { app, call } = await setup();
    const res = await call("POST", "/api/admin/users", { username: "edith", role: "editor", password: PASSWORD });
    expect(res.status).toBe(201);
    expect(await jsonOf(res)).toMatchObject({ username: "edith", role: "editor", status: "enabled" });
    const list = await jsonOf<{ items: AdminUser[] }>(await call("GET", "/api/admin/users"));
    expect(list.items.map((user) => user.username)).toEqual(["edith", "olivia"]);
    const edith = await signIn(app, "edith");
    expect(await jsonOf(edith.res)).toMatchObject({ user: { role: "editor" }, permissions: expect.not.arrayContaining(["credentials.delete"]) });
  });

  it.each([
    [{ username: "ed", role: "editor", password: PASSWORD }, "username"],
    [{ username: "edith smith", role: "editor", password: PASSWORD }, "username"],
    [{ username: "edith", role: "admin", password: PASSWORD }, "role"],
    [{ username: "edith", role: "editor", password: "short" }, "password"],
    [{ username: "OLIVIA", role: "editor", password: PASSWORD }, "username"],
  ])("rejects %o with a message on %s", async (body, field) => {
    const { call, deps } = await setup();
    const res = await call("POST", "/api/admin/users", body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.fields?.[field]).toBeTruthy();
    expect(await countOf(deps.store, "admin_users")).toBe(1);
  });

  it("never returns or audits a password or its hash", async () => {
    const { call, lines } = await setup();
    const created = await jsonOf<AdminUser>(await call("POST", "/api/admin/users", { username: "edith", role: "editor", password: PASSWORD }));
    await call("PATCH", `/api/admin/users/${created.id}`, { password: "another-long-password" });
    const everything = JSON.stringify([await jsonOf(await call("GET", "/api/admin/users")), await auditOf(call), lines]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain("another-long-password");
    expect(everything).not.toContain("$argon2");
  });

  it("changes a role and records before → after", async () => {
    const { call } = await setup();
    const created = await jsonOf<AdminUser>(await call("POST", "/api/admin/users", { username: "edith", role: "editor", password: PASSWORD }));
    const res = await call("PATCH", `/api/admin/users/${created.id}`, { role: "viewer" });
    expect(await jsonOf(res)).toMatchObject({ role: "viewer" });
    const audit = await auditOf(call, "?action=user.update");
    expect(audit.items[0]).toMatchObject({ actor: "olivia", targetName: "edith", before: { role: "editor" }, after: { role: "viewer" } });
  });

  it("disabling a user ends their sessions", async () => {
    const { app, call, deps } = await setup();
    const victor = await seedAdmin(deps, "victor", "viewer");
    const session = await signIn(app, "victor");
    await call("PATCH", `/api/admin/users/${victor.id}`, { status: "disabled" });
    expect((await asAdmin(app, session.cookie)("GET", "/api/admin/session")).status).toBe(401);
  });

  it("the last owner cannot be deleted, disabled or demoted, and nobody deletes themselves", async () => {
    const { call, owner, deps } = await setup();
    for (const change of [{ role: "editor" }, { status: "disabled" }]) {
      const res = await call("PATCH", `/api/admin/users/${owner.id}`, change);
      expect(res.status).toBe(409);
    }
    const self = await call("DELETE", `/api/admin/users/${owner.id}`);
    expect(self.status).toBe(409);
    expect((await errorOf(self)).message).toBe("You cannot delete your own account");
    const second = await seedAdmin(deps, "oscar", "owner");
    expect((await call("PATCH", `/api/admin/users/${owner.id}`, { role: "editor" })).status).toBe(200);
    // olivia is an editor now; oscar is the last owner and olivia can no longer manage users.
    expect((await call("DELETE", `/api/admin/users/${second.id}`)).status).toBe(403);
  });

  it("lets exactly one of 20 parallel creates of one username through (201), refusing the rest with 400", async () => {
    const { call, deps } = await setup();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call("POST", "/api/admin/users", { username: i % 2 ? "Edith" : "edith", role: "editor", password: PASSWORD })),
    );
    expect(responses.map((res) => res.status).toSorted()).toEqual([201, ...Array<number>(19).fill(400)]);
    expect(await countOf(deps.store, "admin_users", "lower(username) = 'edith'")).toBe(1);
  });

  it("deleting another user works and is audited", async () => {
    const { call, deps } = await setup();
    const victor = await seedAdmin(deps, "victor", "viewer");
    expect((await call("DELETE", `/api/admin/users/${victor.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/admin/users/${victor.id}`)).status).toBe(404);
    const audit = await auditOf(call, "?action=user.delete");
    expect(audit.items[0]).toMatchObject({ targetName: "victor", before: { role: "viewer" }, after: null });
  });
});

describe("audit log", () => {
  it("records sign-ins and failures with the address, newest first, filterable and paginated", async () => {
    const { app, call } = await setup();
    await signIn(app, "olivia", "wrong-password", "198.51.100.4");
    await signIn(app, "ghost", "wrong-password", "198.51.100.5");
    const failed = await auditOf(call, "?action=sign_in_failed");
    expect(failed.items.map((entry) => [entry.actor, entry.ip, entry.after])).toEqual([
      ["(unknown username)", "198.51.100.5", { reason: "unknown username" }],
      ["olivia", "198.51.100.4", { reason: "wrong password" }],
    ]);
    // What was typed as an unknown username may be a password typed into the wrong field.
    expect(JSON.stringify(failed)).not.toContain("ghost");
    const byActor = await auditOf(call, "?actor=OLIVIA&limit=1");
    expect(byActor.items).toHaveLength(1);
    expect(byActor.nextCursor).not.toBeNull();
    const next = await auditOf(call, `?actor=olivia&limit=1&cursor=${byActor.nextCursor}`);
    expect(next.items[0]?.id).toBeLessThan(byActor.items[0]?.id ?? 0);
  });

  it("filters by date range", async () => {
    const { call, clock, app } = await setup();
    const before = new Date(clock()).toISOString();
    clock.advance(60_000);
    await signIn(app, "olivia", "wrong-password");
    const since = await auditOf(call, `?from=${encodeURIComponent(new Date(clock()).toISOString())}`);
    expect(since.items.every((entry) => entry.at >= new Date(clock()).toISOString())).toBe(true);
    const until = await auditOf(call, `?to=${encodeURIComponent(before)}`);
    expect(until.items.every((entry) => entry.at <= before)).toBe(true);
    expect(since.items.length + until.items.length).toBeGreaterThan(0);
  });

  it.each(["?action=nonsense", "?limit=0", "?limit=abc", "?from=yesterday", "?cursor=x"])("rejects %s with 400", async (query) => {
    const { call } = await setup();
    const res = await call("GET", `/api/admin/audit-log${query}`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });

  it.each(["0", "201", "100000", "0x10", "1e2", "%2010", "1.5"])("says what a limit may be for limit=%s", async (limit) => {
    const { call } = await setup();
    const res = await call("GET", `/api/admin/audit-log?limit=${limit}`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).fields).toEqual({ limit: "Limit must be a whole number from 1 to 200" });
  });
});
