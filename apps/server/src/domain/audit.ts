import type { AuditAction, AuditEntry, AuditQuery, AuditValues, Page } from "@gatehouse/shared";
import type { Repositories } from "../db/repositories.ts";
import { inBatches } from "../lib/in-batches.ts";
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

/** An audit row as both databases return it (`before`/`after` parsed from JSON). */
export type AuditRow = {
  id: number;
  at: number;
  actorId: string | null;
  actorName: string;
  ip: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  before: unknown;
  after: unknown;
  count: number;
  lastAt: number | null;
};

/** What the audit log is searched by; every field narrows, none is required. */
export type AuditFilter = {
  /** The actor's name, ignoring case. */
  actor?: string;
  /** The actor's account id. */
  actorId?: string;
  action?: string;
  /** From and to `at`, both inclusive, epoch ms. */
  from?: number;
  to?: number;
  /** Only rows with a smaller id: the keyset cursor. */
  before?: number;
};

/** The audit log as the domain writes and reads it. */
export type AuditRepository = {
  /** Writes one audit row and returns its id. */
  record(at: number, actor: Actor, record: AuditRecord): Promise<number>;
  /** Newest first (by id), at most `limit`. */
  list(filter: AuditFilter, limit: number): Promise<AuditRow[]>;
  /** Deletes at most `limit` rows written before `cutoff`; how many it deleted. */
  pruneBatch(cutoff: number, limit: number): Promise<number>;
};

/** The audit_log row of one record, the same on both databases. */
export const auditRow = (at: number, actor: Actor, record: AuditRecord) => ({
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
});

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

export async function listAudit(repos: Repositories, query: AuditQuery): Promise<Page<AuditEntry>> {
  const filter: AuditFilter = {
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.from ? { from: Date.parse(query.from) } : {}),
    ...(query.to ? { to: Date.parse(query.to) } : {}),
    ...(query.cursor ? { before: Number(decodeCursor(query.cursor, (key) => /^\d{1,16}$/.test(key))) } : {}),
  };
  const page = keysetPage(await repos.audit.list(filter, query.limit + 1), query.limit, (row) => row.id);
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

/** Deletes rows older than AUDIT_RETENTION_DAYS, a batch at a time (see lib/in-batches.ts). */
export const pruneAuditLog = (repos: Repositories, now: number, retentionDays: number) =>
  inBatches((limit) => repos.audit.pruneBatch(now - retentionDays * DAY, limit));
