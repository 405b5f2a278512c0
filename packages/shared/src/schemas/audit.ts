import { z } from "zod";
import { filterDateParam, wholeNumberParam } from "./query.ts";
import { cursorSchema } from "./integration.ts";

export const auditActions = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "user.create",
  "user.update",
  "user.delete",
  "user.lock",
  "user.unlock",
  "credential.create",
  "credential.update",
  "credential.enable",
  "credential.disable",
  "credential.regenerate",
  "credential.end_grace",
  "credential.delete",
  "allowed_ips.replace",
  "webhook.create",
  "webhook.delete",
  "webhook.test",
  "webhook.resend",
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.enum(auditActions, { message: "Unknown action" }).optional(),
  from: filterDateParam.optional(),
  to: filterDateParam.optional(),
  cursor: cursorSchema.optional(),
  limit: wholeNumberParam(1, 200, "Limit must be a whole number from 1 to 200").default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  ip: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  before: AuditValues | null;
  after: AuditValues | null;
  /** Repeated failed sign-ins fold into one entry: how many, and the last one's time. */
  count: number;
  lastAt: string | null;
};

/** The changed fields of a target, before and after; never a secret. */
export type AuditValues = Record<string, string | number | boolean | null | string[]>;

/**
 * How a change to an allow-list is audited (as `after`, with `before` null): the entries added
 * and removed, each as "entry (note)"; a changed note is the old one removed and the new one
 * added. Never the whole list: pressing "Allow this IP" on a 500-entry list wrote 30 KB a row.
 */
export type AllowListDiff = { added: string[]; removed: string[] };

export const isAllowListDiff = (values: AuditValues | null): values is AllowListDiff =>
  values !== null && Array.isArray(values.added) && Array.isArray(values.removed);

export type Page<T> = { items: T[]; nextCursor: string | null };
