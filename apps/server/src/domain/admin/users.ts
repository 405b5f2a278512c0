import type { AdminRole, AdminUser, CreateAdminUserInput, UpdateAdminUserInput } from "@gatehouse/shared";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { WRITE, type Db } from "../../db/client.ts";
import { adminSessions, adminUsers } from "../../db/schema/index.ts";
import { ApiError, invalid, notFound } from "../../lib/api-error.ts";
import { newId } from "../../lib/ids.ts";
import { toIso, toIsoOrNull } from "../../lib/time.ts";
import { type Actor, changedValues, recordAuditSync } from "../audit.ts";
import { hashPassword } from "./passwords.ts";

type Row = typeof adminUsers.$inferSelect;

export const toAdminUser = (row: Row): AdminUser => ({
  id: row.id,
  username: row.username,
  role: row.role,
  status: row.status,
  lockedUntil: toIsoOrNull(row.lockedUntil),
  createdAt: toIso(row.createdAt),
  updatedAt: toIso(row.updatedAt),
});

export const findAdminByUsername = (db: Db, username: string) =>
  db
    .select()
    .from(adminUsers)
    .where(sql`lower(${adminUsers.username}) = lower(${username})`)
    .get();

export const findAdminById = (db: Db, id: string) => db.select().from(adminUsers).where(eq(adminUsers.id, id)).get();

export const countAdmins = (db: Db) => db.select({ n: count() }).from(adminUsers).get()?.n ?? 0;

export const listAdminUsers = (db: Db) =>
  db
    .select()
    .from(adminUsers)
    .orderBy(asc(sql`lower(${adminUsers.username})`))
    .all()
    .map(toAdminUser);

export async function createAdminUser(db: Db, now: number, actor: Actor, input: CreateAdminUserInput): Promise<AdminUser> {
  const passwordHash = await hashPassword(input.password);
  // Immediate: the write lock is taken before the username check, so another process (the CLI
  // beside the server) cannot slip the same name in between, and nobody meets SQLITE_BUSY.
  const row = db.transaction(() => insertAdminUser(db, now, actor, { username: input.username, role: input.role, passwordHash }), WRITE);
  return toAdminUser(row);
}

/** Adds an admin and its audit row. Synchronous: the caller runs it inside its write transaction. */
export function insertAdminUser(db: Db, now: number, actor: Actor, input: { username: string; role: AdminRole; passwordHash: string }): Row {
  if (findAdminByUsername(db, input.username)) {
    throw invalid({ username: "This username is already taken" });
  }
  const created = db
    .insert(adminUsers)
    .values({
      id: newId("usr"),
      username: input.username,
      passwordHash: input.passwordHash,
      role: input.role,
      status: "enabled",
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  recordAuditSync(db, now, actor, {
    action: "user.create",
    targetType: "admin_user",
    targetId: created.id,
    targetName: created.username,
    after: { username: created.username, role: created.role, status: created.status },
  });
  return created;
}

const enabledOwners = (db: Db, exceptId: string) =>
  db
    .select({ n: count() })
    .from(adminUsers)
    .where(and(eq(adminUsers.role, "owner"), eq(adminUsers.status, "enabled"), ne(adminUsers.id, exceptId)))
    .get()?.n ?? 0;

export async function updateAdminUser(db: Db, now: number, actor: Actor, id: string, input: UpdateAdminUserInput): Promise<AdminUser> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const row = db.transaction(() => {
    const current = findAdminById(db, id);
    if (!current) throw notFound("The admin user");
    const role: AdminRole = input.role ?? current.role;
    const status = input.status ?? current.status;
    const losesOwner = current.role === "owner" && current.status === "enabled" && (role !== "owner" || status !== "enabled");
    if (losesOwner && enabledOwners(db, id) === 0) {
      throw new ApiError("conflict", "This is the last enabled owner; add another owner first");
    }
    if (id === actor.id && status === "disabled") throw new ApiError("conflict", "You cannot disable your own account");
    const unlocks = input.locked === false && current.lockedUntil !== null;
    const updated = db
      .update(adminUsers)
      .set({ role, status, updatedAt: now, ...(passwordHash ? { passwordHash } : {}), ...(input.locked === false ? { lockedUntil: null } : {}) })
      .where(eq(adminUsers.id, id))
      .returning()
      .get();
    // A disabled account or a new password ends every session of that user.
    if (status === "disabled" || passwordHash) db.delete(adminSessions).where(eq(adminSessions.userId, id)).run();
    if (unlocks) recordUnlock(db, now, actor, current);
    const change = changedValues({ role: current.role, status: current.status }, { role, status });
    // An unlock alone is audited as such, not as an empty update.
    if (input.locked === false && Object.keys(change.after).length === 0 && !passwordHash) return updated;
    recordAuditSync(db, now, actor, {
      action: "user.update",
      targetType: "admin_user",
      targetId: id,
      targetName: current.username,
      before: passwordHash ? { ...change.before, password: "(unchanged)" } : change.before,
      after: passwordHash ? { ...change.after, password: "(changed)" } : change.after,
    });
    return updated;
  }, WRITE);
  return toAdminUser(row);
}

export function deleteAdminUser(db: Db, now: number, actor: Actor, id: string) {
  db.transaction(() => {
    const current = findAdminById(db, id);
    if (!current) throw notFound("The admin user");
    if (id === actor.id) throw new ApiError("conflict", "You cannot delete your own account");
    if (current.role === "owner" && current.status === "enabled" && enabledOwners(db, id) === 0) {
      throw new ApiError("conflict", "This is the last enabled owner; add another owner first");
    }
    db.delete(adminUsers).where(eq(adminUsers.id, id)).run();
    recordAuditSync(db, now, actor, {
      action: "user.delete",
      targetType: "admin_user",
      targetId: id,
      targetName: current.username,
      before: { username: current.username, role: current.role, status: current.status },
    });
  }, WRITE);
}

const recordUnlock = (db: Db, now: number, actor: Actor, user: Row) =>
  recordAuditSync(db, now, actor, {
    action: "user.unlock",
    targetType: "admin_user",
    targetId: user.id,
    targetName: user.username,
    before: { lockedUntil: toIsoOrNull(user.lockedUntil) },
    after: { lockedUntil: null },
  });

/** Lifts a sign-in lock by username: the operator's way back in (`pnpm gatehouse admin unlock`). */
export function unlockAdminByUsername(db: Db, now: number, actor: Actor, username: string): AdminUser {
  return db.transaction(() => {
    const user = findAdminByUsername(db, username);
    if (!user) throw notFound("The admin user");
    if (user.lockedUntil === null) return toAdminUser(user);
    const updated = db.update(adminUsers).set({ lockedUntil: null, updatedAt: now }).where(eq(adminUsers.id, user.id)).returning().get();
    recordUnlock(db, now, actor, user);
    return toAdminUser(updated);
  }, WRITE);
}
