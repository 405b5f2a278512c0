import type { AuditAction, AuditEntry, AuditQuery, AuditValues, Page } from "@gatehouse/shared";
import { and, desc, eq, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db, Sqlite } from "../db/client.ts";
import { auditLog } from "../db/schema/index.ts";
import { sqliteAudit } from "../db/sqlite/audit.ts";
import { deleteInBatches } from "../lib/delete-in-batches.ts";
import { DAY, toIso } from "../lib/time.ts";
import { decodeCursor, keysetPage } from "../lib/keyset.ts";

export type Actor = { id: string | null; name: string; ip: string };

export type AuditRecord = {
  action: AuditAction;
  targetType: "admin_user" | "credential" | "session" | "webhook";
  targetId?: string | null;
  targetName?: string | null;
  before?: AuditValues | null;
  after?: AuditValues | null;
};

/** The audit log as the domain writes and reads it. */
export type AuditRepository = {
  /** Writes one audit row and returns its id. */
  record(at: number, actor: Actor, record: AuditRecord): Promise<number>;
};

/** For code not yet on the repositories: the same write, synchronously on SQLite. */
export const recordAuditSync = (db: Db, at: number, actor: Actor, record: AuditRecord): number => sqliteAudit(db).record(at, actor, record);

/** Keeps only the fields that changed, so the log shows before → after at a glance. */
export function changedValues(before: AuditValues, after: AuditValues): { before: AuditValues; after: AuditValues } {
  const changedBefore: AuditValues = {};
  const changedAfter: AuditValues = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key] ?? null;
      changedAfter[key] = after[key] ?? null;
    }
  }
  return { before: changedBefore, after: changedAfter };
}

export function listAudit(db: Db, query: AuditQuery): Page<AuditEntry> {
  const conditions: SQL[] = [];
  if (query.actor) conditions.push(sql`lower(${auditLog.actorName}) = lower(${query.actor})`);
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.from) conditions.push(gte(auditLog.at, Date.parse(query.from)));
  if (query.to) conditions.push(lte(auditLog.at, Date.parse(query.to)));
  if (query.cursor) conditions.push(lt(auditLog.id, Number(decodeCursor(query.cursor, (key) => /^\d{1,16}$/.test(key)))));
  const rows = db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1)
    .all();
  const page = keysetPage(rows, query.limit, (row) => row.id);
  const items = page.rows.map((row): AuditEntry => ({
    id: row.id,
    at: toIso(row.at),
    actor: row.actorName,
    ip: row.ip,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    targetName: row.targetName,
    before: (row.before as AuditValues | null) ?? null,
    after: (row.after as AuditValues | null) ?? null,
    count: row.count,
    lastAt: row.lastAt === null ? null : toIso(row.lastAt),
  }));
  return { items, nextCursor: page.next };
}

/** Deletes rows older than AUDIT_RETENTION_DAYS, in batches. */
export const pruneAuditLog = (sqlite: Sqlite, now: number, retentionDays: number) => deleteInBatches(sqlite, "audit_log", "at", now - retentionDays * DAY);
