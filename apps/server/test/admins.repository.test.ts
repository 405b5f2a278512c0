import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repositories } from "../src/db/repositories.ts";
import { signInAttemptLog } from "../src/domain/admin/attempts.ts";
import { verifySignIn, type SignInGuards } from "../src/domain/admin/sign-in.ts";
import { ensureFirstOwner } from "../src/domain/admin/first-owner.ts";
import type { AdminUserRow } from "../src/domain/admin/repository.ts";
import { createSession, pruneEndedSessions, resolveSession, revokeSession, SESSION_IDLE_MS } from "../src/domain/admin/sessions.ts";
import { createAdminUser, deleteAdminUser, listAdminUsers, unlockAdminByUsername, updateAdminUser } from "../src/domain/admin/users.ts";
import { listAudit } from "../src/domain/audit.ts";
import { sha256 } from "../src/lib/hash.ts";
import { memoryLimiter } from "../src/lib/limiter.ts";
import { MINUTE } from "../src/lib/time.ts";
import { workQueue } from "../src/lib/work-queue.ts";
import { backends, type OpenedRepositories } from "./backends.ts";

const NOW = Date.UTC(2026, 10, 25, 12);
const PASSWORD = "correct-horse-battery";
const actor = { id: null, name: "test", ip: "local" };

const row = (username: string, role: AdminUserRow["role"] = "viewer"): AdminUserRow => ({
  id: `usr_${username}`,
  username,
  passwordHash: "$argon2id$not-a-real-hash",
  role,
  status: "enabled",
  lockedUntil: null,
  createdAt: NOW,
  updatedAt: NOW,
});

const auditActions = async (repos: Repositories, action: string) => (await listAudit(repos, { action: action as never, limit: 200 })).items;

describe.each(backends)("admin users and sessions on $name", (backend) => {
  let opened: OpenedRepositories;
  let repos: Repositories;
  beforeAll(async () => {
    opened = await backend.open();
    repos = opened.repos;
  });
  afterAll(() => opened.close());

  it("creates the first owner once, even when several instances start together", async () => {
    const created = await Promise.all(Array.from({ length: 4 }, () => ensureFirstOwner(repos, NOW, "admin", PASSWORD)));
    expect(created.filter(Boolean)).toEqual([{ username: "admin", generatedPassword: null }]);
    expect(await ensureFirstOwner(repos, NOW, "admin", undefined)).toBeNull();
    expect(await repos.admins.count()).toBe(1);
    expect(await auditActions(repos, "user.create")).toHaveLength(1);
  });

  it("inserts, finds ignoring case, lists by name, and refuses a taken name", async () => {
    expect(await repos.admins.insert(row("Zoe"))).toEqual(row("Zoe"));
    expect(await repos.admins.insert({ ...row("zoe"), id: "usr_other" })).toBeUndefined();
    expect(await repos.admins.byUsername("ZOE")).toEqual(row("Zoe"));
    expect(await repos.admins.byId("usr_Zoe")).toEqual(row("Zoe"));
    expect(await repos.admins.byId("usr_nobody")).toBeUndefined();
    await repos.admins.insert(row("bea"));
    expect((await repos.admins.list()).map((user) => user.username)).toEqual(["admin", "bea", "Zoe"]);
    expect((await listAdminUsers(repos)).map((user) => user.username)).toEqual(["admin", "bea", "Zoe"]);
  });

  it("updates, counts other enabled owners, and deletes with the user's sessions", async () => {
    expect(await repos.admins.update("usr_bea", { role: "owner", lockedUntil: NOW + MINUTE, updatedAt: NOW + 1 })).toMatchObject({
      role: "owner",
      lockedUntil: NOW + MINUTE,
      updatedAt: NOW + 1,
    });
    expect(await repos.admins.update("usr_nobody", { role: "owner" })).toBeUndefined();
    const admin = await repos.admins.byUsername("admin");
    expect(await repos.admins.enabledOwnersBesides(admin?.id ?? "")).toBe(1);
    expect(await repos.admins.enabledOwnersBesides("usr_bea")).toBe(1);
    await repos.admins.update("usr_bea", { status: "disabled" });
    expect(await repos.admins.enabledOwnersBesides(admin?.id ?? "")).toBe(0);
    await repos.admins.startSession({ tokenHash: "h-bea", userId: "usr_bea", ip: "1.2.3.4", userAgent: "ua", createdAt: NOW, lastSeenAt: NOW });
    expect(await repos.admins.delete("usr_bea")).toBe(true);
    expect(await repos.admins.delete("usr_bea")).toBe(false);
    expect(await repos.admins.session("h-bea")).toBeUndefined();
  });

  /** A session for `user`, whose password was checked against `passwordHash` (the current one unless told). */
  const startSession = async (at: number, user: AdminUserRow, passwordHash?: string, ip = "ip", userAgent = "ua") => {
    const checked = {
      user: { id: user.id, username: user.username, role: user.role },
      passwordHash: passwordHash ?? (await repos.admins.byId(user.id))?.passwordHash ?? "",
    };
    return repos.transaction((tx) => createSession(tx, at, checked, ip, userAgent));
  };
  const sessionOfZoe = async (at: number, ip?: string, userAgent?: string) => {
    const token = await startSession(at, row("Zoe"), undefined, ip, userAgent);
    if (token === null) throw new Error("no session started");
    return token;
  };

  it("starts no session for an account changed while its password was checked", async () => {
    const yan = row("Yan");
    await repos.admins.insert(yan);
    await repos.admins.update(yan.id, { passwordHash: "another" });
    expect(await startSession(NOW, yan, yan.passwordHash)).toBeNull();
    await repos.admins.update(yan.id, { passwordHash: yan.passwordHash, status: "disabled" });
    expect(await startSession(NOW, yan, yan.passwordHash)).toBeNull();
    await repos.admins.update(yan.id, { status: "enabled" });
    expect(await startSession(NOW, yan, yan.passwordHash)).not.toBeNull();
    await repos.admins.delete(yan.id);
    expect(await startSession(NOW, yan, yan.passwordHash)).toBeNull();
  });

  it("starts, resolves, touches, ends and prunes sessions", async () => {
    const token = await sessionOfZoe(NOW, "203.0.113.1", "x".repeat(400));
    const stored = await repos.admins.session(sha256(token));
    expect(stored?.session).toEqual({
      tokenHash: sha256(token),
      userId: "usr_Zoe",
      ip: "203.0.113.1",
      userAgent: "x".repeat(300),
      createdAt: NOW,
      lastSeenAt: NOW,
    });
    expect(stored?.user.username).toBe("Zoe");
    expect(await resolveSession(repos, NOW + 2 * MINUTE, token)).toEqual({ id: "usr_Zoe", username: "Zoe", role: "viewer" });
    expect((await repos.admins.session(sha256(token)))?.session.lastSeenAt).toBe(NOW + 2 * MINUTE);
    // Idle too long: resolving ends it.
    expect(await resolveSession(repos, NOW + 3 * MINUTE + SESSION_IDLE_MS, token)).toBeNull();
    expect(await repos.admins.session(sha256(token))).toBeUndefined();

    const kept = await sessionOfZoe(NOW + 40 * MINUTE);
    const ended = await sessionOfZoe(NOW);
    expect(await pruneEndedSessions(repos, NOW + 40 * MINUTE)).toBe(1);
    expect(await repos.admins.session(sha256(ended))).toBeUndefined();
    expect(await resolveSession(repos, NOW + 41 * MINUTE, kept)).not.toBeNull();
    await repos.transaction((tx) => revokeSession(tx, kept));
    expect(await resolveSession(repos, NOW + 41 * MINUTE, kept)).toBeNull();

    const first = await sessionOfZoe(NOW);
    const second = await sessionOfZoe(NOW);
    await repos.admins.endSessionsOf("usr_Zoe");
    expect(await repos.admins.session(sha256(first))).toBeUndefined();
    expect(await repos.admins.session(sha256(second))).toBeUndefined();
  });

  it("lets exactly one of 20 parallel creates of one username through", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => createAdminUser(repos, NOW, actor, { username: i % 2 ? "Race" : "race", role: "editor", password: PASSWORD })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results)
      if (result.status === "rejected") expect(result.reason).toMatchObject({ status: 400, fields: { username: expect.any(String) } });
    expect((await repos.admins.list()).filter((user) => user.username.toLowerCase() === "race")).toHaveLength(1);
  });

  it("never leaves zero owners when two owners demote each other at once", async () => {
    for (let round = 0; round < 5; round += 1) {
      const [a, b] = await Promise.all(
        [`a${round}`, `b${round}`].map((name) => createAdminUser(repos, NOW, actor, { username: name, role: "owner", password: PASSWORD })),
      );
      if (!a || !b) throw new Error("no owners");
      // Leaves a and b as the only enabled owners.
      for (const user of await repos.admins.list())
        if (user.role === "owner" && user.id !== a.id && user.id !== b.id) await repos.admins.update(user.id, { role: "viewer" });
      const results = await Promise.allSettled([
        updateAdminUser(repos, NOW, { id: a.id, name: a.username, ip: "local" }, b.id, { role: "editor" }),
        updateAdminUser(repos, NOW, { id: b.id, name: b.username, ip: "local" }, a.id, { role: "editor" }),
      ]);
      expect(results.map((result) => result.status).toSorted()).toEqual(["fulfilled", "rejected"]);
      expect(results.find((result) => result.status === "rejected")?.reason).toMatchObject({ status: 409 });
      expect((await repos.admins.list()).filter((user) => user.role === "owner" && user.status === "enabled")).toHaveLength(1);
    }
  });

  it("never leaves zero owners when two owners delete each other at once", async () => {
    const [a, b] = await Promise.all(
      ["del-a", "del-b"].map((name) => createAdminUser(repos, NOW, actor, { username: name, role: "owner", password: PASSWORD })),
    );
    if (!a || !b) throw new Error("no owners");
    for (const user of await repos.admins.list())
      if (user.role === "owner" && user.id !== a.id && user.id !== b.id) await repos.admins.update(user.id, { role: "viewer" });
    const results = await Promise.allSettled([
      deleteAdminUser(repos, NOW, { id: a.id, name: a.username, ip: "local" }, b.id),
      deleteAdminUser(repos, NOW, { id: b.id, name: b.username, ip: "local" }, a.id),
    ]);
    expect(results.map((result) => result.status).toSorted()).toEqual(["fulfilled", "rejected"]);
    expect((await repos.admins.list()).filter((user) => user.role === "owner" && user.status === "enabled")).toHaveLength(1);
  });

  it("unlocks by username once, auditing it", async () => {
    await repos.admins.update("usr_Zoe", { lockedUntil: NOW + MINUTE });
    expect(await unlockAdminByUsername(repos, NOW, actor, "zoe")).toMatchObject({ wasLocked: true, user: { username: "Zoe", lockedUntil: null } });
    expect(await unlockAdminByUsername(repos, NOW, actor, "zoe")).toMatchObject({ wasLocked: false });
    await expect(unlockAdminByUsername(repos, NOW, actor, "nobody")).rejects.toMatchObject({ status: 404 });
    expect(await auditActions(repos, "user.unlock")).toHaveLength(1);
  });

  it("folds parallel failed sign-ins into one audit row, and starts a new one when it is gone", async () => {
    const attempts = signInAttemptLog(repos);
    const attempt = { username: "Zoe", ip: "198.51.100.7", actorId: "usr_Zoe", reason: "wrong password" };
    await Promise.all(Array.from({ length: 30 }, (_, i) => attempts.failed(NOW + i, attempt)));
    const [folded, ...others] = await auditActions(repos, "sign_in_failed");
    expect(others).toEqual([]);
    expect(folded).toMatchObject({
      actor: "Zoe",
      ip: "198.51.100.7",
      count: 30,
      lastAt: new Date(NOW + 29).toISOString(),
      after: { reason: "wrong password" },
    });
    expect(await repos.admins.foldAttempt(folded?.id ?? 0, NOW + 100)).toBe(true);
    expect(await repos.admins.foldAttempt(123_456_789, NOW)).toBe(false);
    // Pruned meanwhile: the next failure writes a row of its own.
    await repos.audit.pruneBatch(NOW + MINUTE, 10_000);
    await attempts.failed(NOW + 200, attempt);
    expect(await auditActions(repos, "sign_in_failed")).toMatchObject([{ count: 1 }]);
  });

  it("locks an account after failures from many addresses, refusing even the right password, until unlocked", async () => {
    await createAdminUser(repos, NOW, actor, { username: "locky", role: "editor", password: PASSWORD });
    const guards: SignInGuards = {
      perUserAndAddress: memoryLimiter(100, 900),
      perAddress: memoryLimiter(100, 900),
      perAccount: memoryLimiter(3, 3600),
      passwordChecks: workQueue(2, 16),
      attempts: signInAttemptLog(repos),
    };
    const attempt = (password: string, ip: string) => verifySignIn(repos, NOW, guards, { username: "LOCKY", password, ip });
    for (const ip of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) await expect(attempt("wrong-password", ip)).rejects.toMatchObject({ status: 401 });
    await expect(attempt("wrong-password", "203.0.113.4")).rejects.toMatchObject({ status: 429, message: expect.stringContaining("locked") });
    expect((await repos.admins.byUsername("locky"))?.lockedUntil).toBe(NOW + 60 * MINUTE);
    await expect(attempt(PASSWORD, "203.0.113.5")).rejects.toMatchObject({ status: 429 });
    expect((await auditActions(repos, "user.lock")).map((entry) => entry.targetName)).toEqual(["locky"]);
    await unlockAdminByUsername(repos, NOW, actor, "locky");
    expect(await attempt(PASSWORD, "203.0.113.5")).toMatchObject({ user: { username: "locky", role: "editor" } });
  });
});
