import { eq, lt, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { adminSessions, adminUsers } from "../../db/schema/index.ts";
import { sha256 } from "../../lib/hash.ts";
import { randomToken } from "../../lib/random.ts";
import { HOUR, MINUTE } from "../../lib/time.ts";

export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * HOUR;
// lastSeenAt is written at most this often, so reading pages does not write on every request.
const TOUCH_EVERY_MS = MINUTE;

export type SessionUser = { id: string; username: string; role: "owner" | "editor" | "viewer" };

/** Starts a session with a fresh random token (never reusing one the browser sent). */
export function createSession(db: Db, now: number, userId: string, ip: string, userAgent: string): string {
  const token = randomToken();
  db.insert(adminSessions)
    .values({ tokenHash: sha256(token), userId, ip, userAgent: userAgent.slice(0, 300), createdAt: now, lastSeenAt: now })
    .run();
  return token;
}

/** The signed-in user for a session token, or null when it is unknown, idle, too old or disabled. */
export function resolveSession(db: Db, now: number, token: string): SessionUser | null {
  const tokenHash = sha256(token);
  const row = db
    .select({ session: adminSessions, user: adminUsers })
    .from(adminSessions)
    .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.userId))
    .where(eq(adminSessions.tokenHash, tokenHash))
    .get();
  if (!row) return null;
  const expired = now - row.session.lastSeenAt > SESSION_IDLE_MS || now - row.session.createdAt > SESSION_ABSOLUTE_MS;
  if (expired || row.user.status !== "enabled") {
    db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash)).run();
    return null;
  }
  if (now - row.session.lastSeenAt >= TOUCH_EVERY_MS) {
    db.update(adminSessions).set({ lastSeenAt: now }).where(eq(adminSessions.tokenHash, tokenHash)).run();
  }
  return { id: row.user.id, username: row.user.username, role: row.user.role };
}

/** Removes sessions that have ended but were never used again (so never removed on access). */
export function pruneEndedSessions(db: Db, now: number) {
  return db
    .delete(adminSessions)
    .where(or(lt(adminSessions.lastSeenAt, now - SESSION_IDLE_MS), lt(adminSessions.createdAt, now - SESSION_ABSOLUTE_MS)))
    .run().changes;
}

export function revokeSession(db: Db, token: string) {
  db.delete(adminSessions)
    .where(eq(adminSessions.tokenHash, sha256(token)))
    .run();
}
