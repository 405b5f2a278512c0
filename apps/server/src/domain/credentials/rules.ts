import {
  compileIpMatcher,
  MAX_ALLOWED_IPS,
  parseIpRule,
  repeatedEntries,
  sameRuleIn,
  tooManyAllowedIps,
  type AllowedIp,
  type AllowedIpInput,
} from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { ApiError, invalid } from "../../lib/api-error.ts";

/**
 * Parses every entry with the shared parser; all problems come back at once, one per field.
 * Every write of a list passes here, so this is where the cap holds (the schema checks it too,
 * but "Allow this IP" appends to the stored list and once took it to 801 entries).
 */
export function normalizeAllowedIps(entries: readonly AllowedIpInput[]): AllowedIp[] {
  if (entries.length > MAX_ALLOWED_IPS) throw invalid({ allowedIps: tooManyAllowedIps(entries.length) }, tooManyAllowedIps(entries.length));
  const fields: Record<string, string> = {};
  const repeats = repeatedEntries(entries.map((input) => input.entry));
  const normalized = entries.map((input, index) => {
    const parsed = parseIpRule(input.entry);
    const problem = parsed.ok ? repeats.get(index) : parsed.error;
    if (problem !== undefined) fields[`allowedIps.${index}.entry`] = problem;
    return parsed.ok ? { entry: parsed.rule.text, note: (input.note ?? "").trim() } : { entry: input.entry, note: input.note ?? "" };
  });
  if (Object.keys(fields).length > 0) throw invalid(fields, "Some IP entries are not valid");
  return normalized;
}

/**
 * "Allow this IP" on an address the list already allows is refused (400) rather than ignored:
 * the admin learns which entry covers it, and nothing is written or audited.
 */
export function assertNotYetAllowed(list: readonly AllowedIp[], entry: string) {
  const parsed = parseIpRule(entry);
  if (!parsed.ok) return; // normalizeAllowedIps names the problem
  const { text, kind } = parsed.rule;
  const entries = list.map((ip) => ip.entry);
  // The same addresses however written (1.2.3.4/32 is 1.2.3.4), or an address a wider entry holds.
  const coveredBy = sameRuleIn(entries, parsed.rule) ?? (kind === "address" ? compileIpMatcher(entries).matchingRule(text) : null);
  if (coveredBy === null) return;
  const message = coveredBy === text ? `${text} is already allowed` : `${text} is already allowed by ${coveredBy}`;
  throw invalid({ entry: message }, message);
}

/**
 * A list edited from one that is no longer stored (another admin or tab, Allow this IP, the CLI
 * changed it meanwhile) is refused, so a save never quietly puts back an address someone removed
 * or drops one someone added. The admin app then shows the stored list merged with the edits.
 */
export function assertListUnchanged(stored: readonly AllowedIp[], base: readonly AllowedIpInput[]) {
  const same = stored.length === base.length && stored.every((ip, at) => ip.entry === base[at]?.entry.trim() && ip.note === (base[at]?.note ?? "").trim());
  if (!same)
    throw new ApiError(
      "conflict",
      "The allowed IPs were changed by someone else while you edited them: nothing was saved. Check the list as it is now and save again.",
      {
        fields: { allowedIps: "Changed by someone else meanwhile" },
      },
    );
}

export const usernameTaken = () => invalid({ username: "This API Username is already taken" });

/** The repository refuses a taken name too (unique index): this check only spares the write. */
export async function assertUsernameFree(repos: Repositories, username: string, exceptId?: string) {
  const taken = await repos.credentials.liveByUsername(username);
  if (taken && taken.id !== exceptId) throw usernameTaken();
}

/** Expiry is optional, but never in the past. */
export function parseExpiry(expiresAt: string | null | undefined, now: number): number | null {
  if (expiresAt === null || expiresAt === undefined) return null;
  const ms = Date.parse(expiresAt);
  if (ms <= now) throw invalid({ expiresAt: "Expires must be in the future" });
  return ms;
}
