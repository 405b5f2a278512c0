import { parseIpRule, type AllowedIp, type AllowedIpInput } from "@gatehouse/shared";
import { and, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { credentials } from "../../db/schema/index.ts";
import { invalid } from "../../lib/api-error.ts";

/** Parses every entry with the shared parser; all problems come back at once, one per field. */
export function normalizeAllowedIps(entries: readonly AllowedIpInput[]): AllowedIp[] {
  const fields: Record<string, string> = {};
  const seen = new Map<string, number>();
  const normalized = entries.map((input, index) => {
    const parsed = parseIpRule(input.entry);
    if (!parsed.ok) {
      fields[`allowedIps.${index}.entry`] = parsed.error;
      return { entry: input.entry, note: input.note ?? "" };
    }
    const first = seen.get(parsed.rule.text);
    if (first !== undefined) fields[`allowedIps.${index}.entry`] = `${parsed.rule.text} is already in the list (line ${first + 1})`;
    seen.set(parsed.rule.text, index);
    return { entry: parsed.rule.text, note: (input.note ?? "").trim() };
  });
  if (Object.keys(fields).length > 0) throw invalid(fields, "Some IP entries are not valid");
  return normalized;
}

export function assertUsernameFree(db: Db, username: string, exceptId?: string) {
  const taken = db
    .select({ id: credentials.id })
    .from(credentials)
    .where(
      and(
        sql`lower(${credentials.username}) = lower(${username})`,
        isNull(credentials.deletedAt),
        exceptId ? ne(credentials.id, exceptId) : undefined,
      ),
    )
    .get();
  if (taken) throw invalid({ username: "This API Username is already taken" });
}

/** Expiry is optional, but never in the past. */
export function parseExpiry(expiresAt: string | null | undefined, now: number): number | null {
  if (expiresAt === null || expiresAt === undefined) return null;
  const ms = Date.parse(expiresAt);
  if (ms <= now) throw invalid({ expiresAt: "Expires must be in the future" });
  return ms;
}
