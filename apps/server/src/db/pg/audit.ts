import type { AuditRepository } from "../../domain/audit.ts";
import type { PgExecutor } from "./client.ts";
import { auditLog } from "./schema/index.ts";

export function pgAudit(db: PgExecutor): AuditRepository {
  return {
    record: async (at, actor, record) => {
      const [row] = await db
        .insert(auditLog)
        .values({
          at,
          actorId: actor.id,
          actorName: actor.name,
          ip: actor.ip,
          action: record.action,
          targetType: record.targetType,
          targetId: record.targetId ?? null,
          targetName: record.targetName ?? null,
          before: record.before ?? null,
          after: record.after ?? null,
        })
        .returning({ id: auditLog.id });
      return Number(row?.id);
    },
  };
}
