import { and, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { auditRow, type AuditRepository } from "../../domain/audit.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { auditLog } from "../schema/index.ts";

export function sqliteAudit(db: Db): Synchronous<AuditRepository> {
  // `id` is the rowid, so the inner select walks the `at` index and the delete goes by rowid.
  const pruneBatch = db
    .delete(auditLog)
    .where(
      inArray(
        auditLog.id,
        db
          .select({ id: auditLog.id })
          .from(auditLog)
          .where(lt(auditLog.at, sql.placeholder("cutoff")))
          .limit(sql.placeholder("limit")),
      ),
    )
    .prepare();
  return {
    record: (at, actor, record) =>
      Number(
        db
          .insert(auditLog)
          .values(auditRow(at, actor, record))
          .run().lastInsertRowid,
      ),
    list: (filter, limit) => {
      const conditions: SQL[] = [];
      if (filter.actor !== undefined) conditions.push(sql`lower(${auditLog.actorName}) = lower(${filter.actor})`);
      if (filter.actorId !== undefined) conditions.push(eq(auditLog.actorId, filter.actorId));
      if (filter.action !== undefined) conditions.push(eq(auditLog.action, filter.action));
      if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
      if (filter.to !== undefined) conditions.push(lte(auditLog.at, filter.to));
      if (filter.before !== undefined) conditions.push(lt(auditLog.id, filter.before));
      return db
        .select()
        .from(auditLog)
        .where(and(...conditions))
        .orderBy(desc(auditLog.id))
        .limit(limit)
        .all();
    },
    pruneBatch: (cutoff, limit) => pruneBatch.run({ cutoff, limit }).changes,
  };
}
