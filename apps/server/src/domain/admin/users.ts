import type { AdminRole, AdminUser, CreateAdminUserInput, UpdateAdminUserInput } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { ApiError, invalid, notFound } from "../../lib/api-error.ts";
import { newId } from "../../lib/ids.ts";
import { toIso, toIsoOrNull } from "../../lib/time.ts";
import { type Actor, changedValues } from "../audit.ts";
import { hashPassword } from "./passwords.ts";
import type { AdminUserRow } from "./repository.ts";

export const toAdminUser = (row: AdminUserRow): AdminUser => ({
  id: row.id,
  username: row.username,
  role: row.role,
  status: row.status,
  lockedUntil: toIsoOrNull(row.lockedUntil),
  createdAt: toIso(row.createdAt),
  updatedAt: toIso(row.updatedAt),
});

export const listAdminUsers = async (repos: Repositories) => (await repos.admins.list()).map(toAdminUser);

export async function createAdminUser(repos: Repositories, now: number, actor: Actor, input: CreateAdminUserInput): Promise<AdminUser> {
  // Hashed before the transaction: Argon2 takes ~13 ms of a core, too long to hold the database.
  const passwordHash = await hashPassword(input.password);
  const row = await repos.transaction(async (tx) => {
    // Only the CLI can get here without an owner: a first admin who is not one could never add
    // users or change roles, and the server then makes no owner from ADMIN_PASSWORD either.
    if (input.role !== "owner" && (await tx.admins.enabledOwnersBesides("")) === 0) throw noOwnerYet();
    return insertAdminUser(tx, now, actor, { username: input.username, role: input.role, passwordHash });
  });
  return toAdminUser(row);
}

const noOwnerYet = () => new ApiError("conflict", "There is no owner yet, and only an owner can add users and change roles: add an owner first (--role owner)");

const usernameTaken = () => invalid({ username: "This username is already taken" });

/** Adds an admin and its audit row; the caller runs it inside its transaction. */
export async function insertAdminUser(tx: Repositories, now: number, actor: Actor, input: { username: string; role: AdminRole; passwordHash: string }) {
  if (await tx.admins.byUsername(input.username)) throw usernameTaken();
  const created = await tx.admins.insert({
    id: newId("usr"),
    username: input.username,
    passwordHash: input.passwordHash,
    role: input.role,
    status: "enabled",
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
  });
  // Another instance added the same name between the check and the insert.
  if (!created) throw usernameTaken();
  await tx.audit.record(now, actor, {
    action: "user.create",
    targetType: "admin_user",
    targetId: created.id,
    targetName: created.username,
    after: { username: created.username, role: created.role, status: created.status },
  });
  return created;
}

const lastOwner = () => new ApiError("conflict", "This is the last enabled owner; add another owner first");

/**
 * A change of one's own password comes hashed, with the hash it was checked against
 * (`replacing`): it applies only if that is still the account's password.
 */
type OwnPasswordChange = { passwordHash: string; replacing: string };

/**
 * The "last owner" check and the write are one transaction: on PostgreSQL (serializable) two
 * owners demoting each other at once cannot both pass it; one is run again and refused.
 */
export async function updateAdminUser(
  repos: Repositories,
  now: number,
  actor: Actor,
  id: string,
  input: UpdateAdminUserInput,
  own?: OwnPasswordChange,
): Promise<AdminUser> {
  const passwordHash = own?.passwordHash ?? (input.password ? await hashPassword(input.password) : undefined);
  const row = await repos.transaction(async (tx) => {
    const current = await tx.admins.byId(id);
    if (!current) throw notFound("The admin user");
    if (own && current.passwordHash !== own.replacing) {
      throw new ApiError("conflict", "Your password was changed a moment ago, by another change. Sign in with the password you set last.");
    }
    const role: AdminRole = input.role ?? current.role;
    const status = input.status ?? current.status;
    const losesOwner = current.role === "owner" && current.status === "enabled" && (role !== "owner" || status !== "enabled");
    if (losesOwner && (await tx.admins.enabledOwnersBesides(id)) === 0) throw lastOwner();
    if (id === actor.id && status === "disabled") throw new ApiError("conflict", "You cannot disable your own account");
    const unlocks = input.locked === false && current.lockedUntil !== null;
    const updated = await tx.admins.update(id, {
      role,
      status,
      updatedAt: now,
      ...(passwordHash ? { passwordHash } : {}),
      ...(input.locked === false ? { lockedUntil: null } : {}),
    });
    if (!updated) throw notFound("The admin user");
    // A disabled account or a new password ends every session of that user.
    if (status === "disabled" || passwordHash) await tx.admins.endSessionsOf(id);
    if (unlocks) await recordUnlock(tx, now, actor, current);
    const change = changedValues({ role: current.role, status: current.status }, { role, status });
    // An unlock alone is audited as such, not as an empty update.
    if (input.locked === false && Object.keys(change.after).length === 0 && !passwordHash) return updated;
    await tx.audit.record(now, actor, {
      action: "user.update",
      targetType: "admin_user",
      targetId: id,
      targetName: current.username,
      before: passwordHash ? { ...change.before, password: "(unchanged)" } : change.before,
      after: passwordHash ? { ...change.after, password: "(changed)" } : change.after,
    });
    return updated;
  });
  return toAdminUser(row);
}

export async function deleteAdminUser(repos: Repositories, now: number, actor: Actor, id: string): Promise<void> {
  await repos.transaction(async (tx) => {
    const current = await tx.admins.byId(id);
    if (!current) throw notFound("The admin user");
    if (id === actor.id) throw new ApiError("conflict", "You cannot delete your own account");
    if (current.role === "owner" && current.status === "enabled" && (await tx.admins.enabledOwnersBesides(id)) === 0) throw lastOwner();
    await tx.admins.delete(id);
    await tx.audit.record(now, actor, {
      action: "user.delete",
      targetType: "admin_user",
      targetId: id,
      targetName: current.username,
      before: { username: current.username, role: current.role, status: current.status },
    });
  });
}

const recordUnlock = (tx: Repositories, now: number, actor: Actor, user: AdminUserRow) =>
  tx.audit.record(now, actor, {
    action: "user.unlock",
    targetType: "admin_user",
    targetId: user.id,
    targetName: user.username,
    before: { lockedUntil: toIsoOrNull(user.lockedUntil) },
    after: { lockedUntil: null },
  });

/**
 * Lifts a sign-in lock by username: the operator's way back in (`pnpm gatehouse admin unlock`).
 * Says whether there was a lock to lift.
 */
export function unlockAdminByUsername(repos: Repositories, now: number, actor: Actor, username: string): Promise<{ user: AdminUser; wasLocked: boolean }> {
  return repos.transaction(async (tx) => {
    const user = await tx.admins.byUsername(username);
    if (!user) throw notFound("The admin user");
    if (user.lockedUntil === null) return { user: toAdminUser(user), wasLocked: false };
    const updated = await tx.admins.update(user.id, { lockedUntil: null, updatedAt: now });
    if (!updated) throw notFound("The admin user");
    await recordUnlock(tx, now, actor, user);
    return { user: toAdminUser(updated), wasLocked: true };
  });
}
