import type { AuditEntry, Credential, CredentialList, IssuedKey, Page } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../src/lib/time.ts";
import { at, countOf, credentialsSetup, errorOf, integrationSetup, jsonOf, rowOf, rowsOf, seedCredential, sqliteOf } from "./helpers.ts";

type Setup = Awaited<ReturnType<typeof integrationSetup>>;

const auditOf = async (t: Pick<Setup, "call">, action: string) =>
  (await jsonOf<Page<AuditEntry>>(await t.call("GET", `/api/admin/audit-log?action=${action}`))).items;

/** A credential whose key was regenerated with a grace period, logged in with its old key first. */
async function inGrace(t: Setup) {
  const { key: oldKey, username, id } = await t.credential();
  const { token: oldToken } = await t.login(username, oldKey);
  // Basic calls with the old key put the credential in the auth cache, as live traffic does.
  expect((await t.v1("GET", "/session", { basic: [username, oldKey] })).status).toBe(200);
  const renewed = await jsonOf<IssuedKey>(await t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "24h" }));
  expect((await t.v1("GET", "/session", { basic: [username, oldKey] })).status).toBe(200);
  expect((await t.v1("GET", "/session", { token: oldToken })).status).toBe(200);
  return { id, username, oldKey, oldToken, newKey: renewed.key };
}

describe("GET /session during a grace period", () => {
  // A review's find: Basic with the old key answered expires_at null, though it stops in a day.
  it("says when the old key stops working, for Basic and for a token it issued; the new key has no end", async () => {
    const t = await integrationSetup(undefined, { TOKEN_TTL_SECONDS: String(48 * 3600) });
    const { id, username, oldKey, oldToken, newKey } = await inGrace(t);
    const { previousKeyExpiresAt } = await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${id}`));
    expect(previousKeyExpiresAt).not.toBeNull();
    const endOf = async (options: Parameters<Setup["v1"]>[2]) =>
      (await jsonOf<{ expires_at: string | null }>(await t.v1("GET", "/session", options))).expires_at;
    expect(await endOf({ basic: [username, oldKey] })).toBe(previousKeyExpiresAt);
    expect(await endOf({ token: oldToken }), "a token lasting 48 h, of a key ending in 24").toBe(previousKeyExpiresAt);
    expect(await endOf({ basic: [username, newKey] })).toBeNull();
  });
});

// A review's find: a second regeneration with a grace period (a double submit, two admins)
// replaced the one old key kept, so the key the integration still used stopped at once.
describe("regenerating again while a grace period runs", () => {
  it("is refused with 409 when it asks for a grace too, and the key in use keeps working", async () => {
    const t = await integrationSetup();
    const { id, username, oldKey, newKey } = await inGrace(t);
    const again = await t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "24h" });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toMatch(/^The previous key still works until .+Z, and only one old key can be kept\. End its grace period first/);
    expect((await t.v1("GET", "/session", { basic: [username, oldKey] })).status).toBe(200);
    expect((await t.v1("GET", "/session", { basic: [username, newKey] })).status).toBe(200);
    expect(await auditOf(t, "credential.regenerate")).toHaveLength(1);
  });

  it("of 40 at once with a grace, one is issued and the others refused", async () => {
    const t = await integrationSetup();
    const { id, username, key: oldKey } = await t.credential();
    const answers = await Promise.all(Array.from({ length: 40 }, () => t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "1h" })));
    expect(answers.map((res) => res.status).toSorted()).toEqual([200, ...Array.from({ length: 39 }, () => 409)]);
    expect((await t.v1("GET", "/session", { basic: [username, oldKey] })).status).toBe(200);
    const issued = await jsonOf<IssuedKey>(answers.find((res) => res.status === 200) as Response);
    expect((await t.v1("GET", "/session", { basic: [username, issued.key] })).status).toBe(200);
  });

  it("goes through without a grace, and then every old key stops, as asked", async () => {
    const t = await integrationSetup();
    const { id, username, oldKey, newKey } = await inGrace(t);
    const now = await jsonOf<IssuedKey>(await t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "none" }));
    expect(now.credential.previousKeyExpiresAt).toBeNull();
    for (const key of [oldKey, newKey]) expect((await t.v1("GET", "/session", { basic: [username, key] })).status).toBe(401);
    expect((await t.v1("GET", "/session", { basic: [username, now.key] })).status).toBe(200);
  });
});

describe("ending a grace period now", () => {
  it("refuses the old key and its tokens on the very next call; the new key and its tokens go on", async () => {
    const t = await integrationSetup();
    const { id, username, oldKey, oldToken, newKey } = await inGrace(t);
    const { token: newToken } = await t.login(username, newKey);

    const res = await t.call("POST", `/api/admin/credentials/${id}/end-grace`);
    expect(res.status).toBe(200);
    expect(await jsonOf<Credential>(res)).toMatchObject({ id, previousKeyExpiresAt: null });

    expect((await t.v1("GET", "/session", { basic: [username, oldKey] })).status).toBe(401);
    expect((await t.v1("GET", "/session", { token: oldToken })).status).toBe(401);
    expect((await t.login(username, oldKey)).res.status).toBe(401);
    expect((await t.v1("GET", "/session", { basic: [username, newKey] })).status).toBe(200);
    expect((await t.v1("GET", "/session", { token: newToken })).status).toBe(200);
    expect(await rowOf(t.store, "select previous_key_hash, previous_key_expires_at from credentials where id = ?", [id])).toEqual({
      previous_key_hash: null,
      previous_key_expires_at: null,
    });
  });

  it("is audited with the time the old key would have stopped", async () => {
    const t = await integrationSetup();
    const { id, username } = await inGrace(t);
    await t.call("POST", `/api/admin/credentials/${id}/end-grace`);
    expect(await auditOf(t, "credential.end_grace")).toMatchObject([
      {
        actor: "olivia",
        targetId: id,
        targetName: username,
        before: { oldKeyWorksUntil: new Date(t.clock() + 24 * HOUR).toISOString() },
        after: { oldKeyWorksUntil: null },
      },
    ]);
  });

  it("answers 409 when no old key is accepted (never regenerated, or the grace already over) and changes nothing", async () => {
    const t = await integrationSetup();
    const { id, username } = await t.credential();
    const never = await t.call("POST", `/api/admin/credentials/${id}/end-grace`);
    expect(never.status).toBe(409);
    expect(await errorOf(never)).toMatchObject({ code: "conflict", message: `The old key of ${username} already stopped working` });

    const later = await inGrace(t);
    // The grace is over (moving the clock 24 h would also end the admin's session).
    await rowsOf(t.store, `update credentials set previous_key_expires_at = ${at(t.store, t.clock() - 1)} where id = ?`, [later.id]);
    const before = await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${later.id}`));
    expect((await t.call("POST", `/api/admin/credentials/${later.id}/end-grace`)).status).toBe(409);
    expect(await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${later.id}`))).toEqual(before);
    expect(await auditOf(t, "credential.end_grace")).toEqual([]);
  });

  it("answers 404 for an unknown or deleted API, and 400 for a malformed id", async () => {
    const t = await integrationSetup();
    const { id } = await inGrace(t);
    expect((await t.call("POST", "/api/admin/credentials/cred_nope/end-grace")).status).toBe(404);
    expect((await t.call("POST", `/api/admin/credentials/${"x".repeat(65)}/end-grace`)).status).toBe(400);
    await t.call("DELETE", `/api/admin/credentials/${id}`);
    expect((await t.call("POST", `/api/admin/credentials/${id}/end-grace`)).status).toBe(404);
  });

  it("an editor may end it; a viewer is refused and the old key keeps working", async () => {
    for (const [role, status] of [
      ["editor", 200],
      ["viewer", 403],
    ] as const) {
      const owner = await credentialsSetup(role);
      const { credential } = await seedCredential(owner.deps, { username: "erp-sync", scopes: [], allowedIps: [] });
      await rowsOf(
        owner.store,
        `update credentials set previous_key_hash = 'old', previous_key_expires_at = ${at(owner.store, owner.clock() + HOUR)} where id = ?`,
        [credential.id],
      );
      const res = await owner.call("POST", `/api/admin/credentials/${credential.id}/end-grace`);
      expect(res.status, role).toBe(status);
      const left = await rowOf(owner.store, "select previous_key_hash as hash from credentials");
      expect(left, role).toEqual({ hash: role === "editor" ? null : "old" });
    }
  });
});

describe("Used by", () => {
  it("is saved, listed, edited and audited before → after", async () => {
    const t = await credentialsSetup();
    const { credential } = await t.create({ username: "erp-sync", description: "  Warehouse ERP — ops team  " });
    expect(credential.description).toBe("Warehouse ERP — ops team");
    const list = await jsonOf<CredentialList>(await t.call("GET", "/api/admin/credentials"));
    expect(list.items[0]).toMatchObject({ username: "erp-sync", description: "Warehouse ERP — ops team" });

    const res = await t.call("PATCH", `/api/admin/credentials/${credential.id}`, { description: "Nightly stock feed (Sam)" });
    expect(await jsonOf<Credential>(res)).toMatchObject({ description: "Nightly stock feed (Sam)" });
    expect(await auditOf(t, "credential.update")).toMatchObject([
      { before: { description: "Warehouse ERP — ops team" }, after: { description: "Nightly stock feed (Sam)" } },
    ]);
    expect(await auditOf(t, "credential.create")).toMatchObject([{ after: { description: "Warehouse ERP — ops team" } }]);
  });

  it("defaults to empty", async () => {
    const t = await credentialsSetup();
    expect((await t.create({ username: "erp-sync" })).credential.description).toBe("");
  });

  it.each([
    ["too long", "x".repeat(201), "Used by can be at most 200 characters"],
    ["several lines", "ERP\nand more", "Used by must be one line of text"],
    ["not text", 42, "Used by must be text"],
    ["a right-to-left override", "ERP \u202Emoc.live", "Used by cannot hold invisible characters (text-direction marks, zero-width spaces)"],
    ["a zero-width space", "E\u200BRP", "Used by cannot hold invisible characters (text-direction marks, zero-width spaces)"],
    ["half a character", "ERP \uD83D", "Used by cannot hold invisible characters (text-direction marks, zero-width spaces)"],
  ])("refuses %s with 400 on create and on edit, changing nothing", async (_name, description, message) => {
    const t = await credentialsSetup();
    const created = await t.call("POST", "/api/admin/credentials", { username: "erp-sync", description });
    expect(created.status).toBe(400);
    expect((await errorOf(created)).fields?.description).toBe(message);
    const { credential } = await t.create({ username: "erp-other", description: "kept" });
    const edited = await t.call("PATCH", `/api/admin/credentials/${credential.id}`, { description });
    expect(edited.status).toBe(400);
    expect((await errorOf(edited)).fields?.description).toBe(message);
    expect((await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${credential.id}`))).description).toBe("kept");
    expect(await countOf(t.store, "credentials")).toBe(1);
  });

  it("a viewer cannot change it", async () => {
    const t = await credentialsSetup("viewer");
    const res = await t.call("PATCH", "/api/admin/credentials/cred_any", { description: "mine" });
    expect(res.status).toBe(403);
  });
});

describe("when the key was issued", () => {
  it("is the creation time, moves on regeneration, and not on other edits or ending a grace period", async () => {
    const t = await integrationSetup();
    const created = t.clock();
    const { id } = await t.credential();
    const issuedAt = async () => (await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${id}`))).keyIssuedAt;
    expect(await issuedAt()).toBe(new Date(created).toISOString());

    t.clock.advance(10 * MINUTE);
    await t.call("PATCH", `/api/admin/credentials/${id}`, { rateLimit: 60, description: "ERP" });
    expect(await issuedAt()).toBe(new Date(created).toISOString());

    t.clock.advance(10 * MINUTE);
    const regenerated = t.clock();
    await t.call("POST", `/api/admin/credentials/${id}/regenerate`, { grace: "1h" });
    t.clock.advance(10 * MINUTE);
    await t.call("POST", `/api/admin/credentials/${id}/end-grace`);
    expect(await issuedAt()).toBe(new Date(regenerated).toISOString());
    const list = await jsonOf<CredentialList>(await t.call("GET", "/api/admin/credentials"));
    expect(list.items[0]?.keyIssuedAt).toBe(new Date(regenerated).toISOString());
  });

  // SQLite's migration 0006 (PostgreSQL's schema began with the column).
  it("migration 0006 fills it for existing keys: the last regeneration in the audit log, else creation", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const t = await integrationSetup(":memory:");
    const never = await t.credential();
    const rotated = await t.credential();
    t.clock.advance(10 * MINUTE);
    await t.call("POST", `/api/admin/credentials/${rotated.id}/regenerate`, {});
    t.clock.advance(10 * MINUTE);
    await t.call("POST", `/api/admin/credentials/${rotated.id}/regenerate`, {});
    const lastRegeneration = t.clock();
    sqliteOf(t.store).prepare("update credentials set key_issued_at = null").run();

    const sql = readFileSync(join(import.meta.dirname, "../src/db/migrations/0006_key_issued_at.sql"), "utf8");
    const backfill = sql.split("--> statement-breakpoint")[1] ?? "";
    sqliteOf(t.store).exec(backfill);
    const issued = (id: string) => sqliteOf(t.store).prepare("select key_issued_at as at, created_at as created from credentials where id = ?").get(id);
    expect(issued(never.id)).toEqual({ at: expect.any(Number), created: expect.any(Number) });
    const neverRow = issued(never.id) as { at: number; created: number };
    expect(neverRow.at).toBe(neverRow.created);
    expect(issued(rotated.id)).toMatchObject({ at: lastRegeneration });
  });
});
