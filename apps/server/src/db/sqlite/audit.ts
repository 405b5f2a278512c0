import type { AuditRepository } from "../../domain/audit.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { auditLog } from "../schema/index.ts";

export function sqliteAudit(db: Db): Synchronous<AuditRepository> {
  return {
    record: (at, actor, record) =>
      Number(
        db
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
          .run().lastInsertRowid,
      ),
  };
}
