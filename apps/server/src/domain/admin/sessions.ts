import type { Repositories } from "../../db/repositories.ts";
import { sha256 } from "../../lib/hash.ts";
import { randomToken } from "../../lib/random.ts";
import { HOUR, MINUTE } from "../../lib/time.ts";

export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * HOUR;
// lastSeenAt is written at most this often, so reading pages does not write on every request.
const TOUCH_EVERY_MS = MINUTE;

export type SessionUser = { id: string; username: string; role: "owner" | "editor" | "viewer" };

/** A user whose password was just checked, and the hash it was checked against. */
export type CheckedUser = { user: SessionUser; passwordHash: string };

/**
 * Starts a session with a fresh random token (never reusing one the browser sent), or null when
 * the account changed while its password was being checked: deleted, disabled, or given another
 * password (an owner's reset must not be outrun by a sign-in with the old one, already checked).
 * Takes `tx`: the caller ends the previous session and audits the sign-in in the same
 * transaction, which also reads the account, so nothing can change it in between.
 */
export async function createSession(tx: Repositories, now: number, checked: CheckedUser, ip: string, userAgent: string): Promise<string | null> {
  const account = await tx.admins.byId(checked.user.id);
  if (account?.status !== "enabled" || account.passwordHash !== checked.passwordHash) return null;
  const token = randomToken();
  await tx.admins.startSession({ tokenHash: sha256(token), userId: checked.user.id, ip, userAgent: userAgent.slice(0, 300), createdAt: now, lastSeenAt: now });
  return token;
}

/** The signed-in user for a session token, or null when it is unknown, idle, too old or disabled. */
export async function resolveSession(repos: Repositories, now: number, token: string): Promise<SessionUser | null> {
  const tokenHash = sha256(token);
  const row = await repos.admins.session(tokenHash);
  if (!row) return null;
  const expired = now - row.session.lastSeenAt > SESSION_IDLE_MS || now - row.session.createdAt > SESSION_ABSOLUTE_MS;
  if (expired || row.user.status !== "enabled") {
    await repos.admins.endSession(tokenHash);
    return null;
  }
  if (now - row.session.lastSeenAt >= TOUCH_EVERY_MS) await repos.admins.touchSession(tokenHash, now);
  return { id: row.user.id, username: row.user.username, role: row.user.role };
}

/** Removes sessions that have ended but were never used again (so never removed on access). */
export const pruneEndedSessions = (repos: Repositories, now: number) => repos.admins.pruneSessions(now - SESSION_IDLE_MS, now - SESSION_ABSOLUTE_MS);

export const revokeSession = (tx: Repositories, token: string) => tx.admins.endSession(sha256(token));
