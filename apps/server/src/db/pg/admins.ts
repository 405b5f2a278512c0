import { and, asc, count, eq, lt, ne, or, sql } from "drizzle-orm";
import type { AdminRepository } from "../../domain/admin/repository.ts";
import type { PgExecutor } from "./client.ts";
import { adminSessions, adminUsers, auditLog } from "./schema/index.ts";

export function pgAdmins(db: PgExecutor): AdminRepository {
  return {
    count: async () => (await db.select({ n: count() }).from(adminUsers))[0]?.n ?? 0,
    list: () =>
      db
        .select()
        .from(adminUsers)
        .orderBy(asc(sql`lower(${adminUsers.username})`)),
    byId: async (id) => (await db.select().from(adminUsers).where(eq(adminUsers.id, id)))[0],
    byUsername: async (username) =>
      (
        await db
          .select()
          .from(adminUsers)
          .where(sql`lower(${adminUsers.username}) = lower(${username})`)
      )[0],
    // Two instances adding one username at once: the unique index on lower(username) lets one
    // in; the other finds nothing inserted (or, serializable, is run again and finds the name).
    insert: async (row) => (await db.insert(adminUsers).values(row).onConflictDoNothing().returning())[0],
    update: async (id, change) => (await db.update(adminUsers).set(change).where(eq(adminUsers.id, id)).returning())[0],
    delete: async (id) => (await db.delete(adminUsers).where(eq(adminUsers.id, id))).count > 0,
    enabledOwnersBesides: async (id) =>
      (
        await db
          .select({ n: count() })
          .from(adminUsers)
          .where(and(eq(adminUsers.role, "owner"), eq(adminUsers.status, "enabled"), ne(adminUsers.id, id)))
      )[0]?.n ?? 0,
    startSession: async (row) => {
      await db.insert(adminSessions).values(row);
    },
    session: async (tokenHash) =>
      (
        await db
          .select({ session: adminSessions, user: adminUsers })
          .from(adminSessions)
          .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.userId))
          .where(eq(adminSessions.tokenHash, tokenHash))
      )[0],
    touchSession: async (tokenHash, at) => {
      await db.update(adminSessions).set({ lastSeenAt: at }).where(eq(adminSessions.tokenHash, tokenHash));
    },
    endSession: async (tokenHash) => {
      await db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
    },
    endSessionsOf: async (userId) => {
      await db.delete(adminSessions).where(eq(adminSessions.userId, userId));
    },
    pruneSessions: async (idleBefore, startedBefore) =>
      (await db.delete(adminSessions).where(or(lt(adminSessions.lastSeenAt, idleBefore), lt(adminSessions.createdAt, startedBefore)))).count,
    foldAttempt: async (id, at) =>
      (
        await db
          .update(auditLog)
          // Folds from one instance may commit out of order: the row keeps the latest time.
          .set({ count: sql`${auditLog.count} + 1`, lastAt: sql`greatest(${auditLog.lastAt}, ${new Date(at).toISOString()}::timestamptz)` })
          .where(eq(auditLog.id, id))
      ).count === 1,
  };
}
