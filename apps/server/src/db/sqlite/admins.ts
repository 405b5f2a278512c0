import { and, asc, count, eq, lt, ne, or, sql } from "drizzle-orm";
import type { AdminRepository } from "../../domain/admin/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { adminSessions, adminUsers, auditLog } from "../schema/index.ts";

export function sqliteAdmins(db: Db): Synchronous<AdminRepository> {
  // Prepared once: every admin request resolves its session, every sign-in finds its user.
  const session = db
    .select({ session: adminSessions, user: adminUsers })
    .from(adminSessions)
    .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.userId))
    .where(eq(adminSessions.tokenHash, sql.placeholder("tokenHash")))
    .prepare();
  const touch = db
    .update(adminSessions)
    .set({ lastSeenAt: sql`${sql.placeholder("at")}` })
    .where(eq(adminSessions.tokenHash, sql.placeholder("tokenHash")))
    .prepare();
  const byUsername = db
    .select()
    .from(adminUsers)
    .where(sql`lower(${adminUsers.username}) = lower(${sql.placeholder("username")})`)
    .prepare();
  const fold = db
    .update(auditLog)
    .set({ count: sql`${auditLog.count} + 1`, lastAt: sql`max(coalesce(${auditLog.lastAt}, 0), ${sql.placeholder("at")})` })
    .where(eq(auditLog.id, sql.placeholder("id")))
    .prepare();
  return {
    count: () => db.select({ n: count() }).from(adminUsers).get()?.n ?? 0,
    list: () =>
      db
        .select()
        .from(adminUsers)
        .orderBy(asc(sql`lower(${adminUsers.username})`))
        .all(),
    byId: (id) => db.select().from(adminUsers).where(eq(adminUsers.id, id)).get(),
    byUsername: (username) => byUsername.get({ username }),
    insert: (row) => db.insert(adminUsers).values(row).onConflictDoNothing().returning().get(),
    update: (id, change) => db.update(adminUsers).set(change).where(eq(adminUsers.id, id)).returning().get(),
    delete: (id) => db.delete(adminUsers).where(eq(adminUsers.id, id)).run().changes > 0,
    enabledOwnersBesides: (id) =>
      db
        .select({ n: count() })
        .from(adminUsers)
        .where(and(eq(adminUsers.role, "owner"), eq(adminUsers.status, "enabled"), ne(adminUsers.id, id)))
        .get()?.n ?? 0,
    startSession: (row) => {
      db.insert(adminSessions).values(row).run();
    },
    session: (tokenHash) => session.get({ tokenHash }),
    touchSession: (tokenHash, at) => {
      touch.run({ tokenHash, at });
    },
    endSession: (tokenHash) => {
      db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash)).run();
    },
    endSessionsOf: (userId) => {
      db.delete(adminSessions).where(eq(adminSessions.userId, userId)).run();
    },
    pruneSessions: (idleBefore, startedBefore) =>
      db
        .delete(adminSessions)
        .where(or(lt(adminSessions.lastSeenAt, idleBefore), lt(adminSessions.createdAt, startedBefore)))
        .run().changes,
    foldAttempt: (id, at) => fold.run({ id, at }).changes === 1,
  };
}
