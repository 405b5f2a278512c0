import { and, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { auditRow, type AuditRepository } from "../../domain/audit.ts";
import type { PgExecutor } from "./client.ts";
import { auditLog } from "./schema/index.ts";

export function pgAudit(db: PgExecutor): AuditRepository {
  return {
    record: async (at, actor, record) => {
      const [row] = await db
        .insert(auditLog)
        .values(auditRow(at, actor, record))
        .returning({ id: auditLog.id });
      return Number(row?.id);
    },
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
        .limit(limit);
    },
    pruneBatch: async (cutoff, limit) => {
      const oldest = db.select({ id: auditLog.id }).from(auditLog).where(lt(auditLog.at, cutoff)).limit(limit);
      return (await db.delete(auditLog).where(inArray(auditLog.id, oldest))).count;
    },
  };
}
