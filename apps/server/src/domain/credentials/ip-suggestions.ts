import { type IpSuggestions, servedOutcomes, suggestAllowedIps, wouldBeRefused } from "@gatehouse/shared";
import type { Db, Sqlite } from "../../db/client.ts";
import { DAY, toIso } from "../../lib/time.ts";
import { getCredential } from "./views.ts";

/** Enough for any real integration's servers; a key called from more addresses needs a range, not a list. */
const MAX_ADDRESSES = 1000;

const servedSql = `(${servedOutcomes.map((outcome) => `'${outcome}'`).join(", ")})`;

type TrafficRow = { ip: string; calls: number; calls7d: number; last: number };

/**
 * Suggestions from the key's own served calls (ok, and ip_not_listed in Report only) of the last
 * 30 days. Refused calls are left out: an address that was refused is not one the key has used.
 */
export function ipSuggestions(db: Db, sqlite: Sqlite, credentialId: string, now: number): IpSuggestions {
  const credential = getCredential(db, credentialId);
  const rows = sqlite
    .prepare(
      `select ip, sum(count) as calls, sum(case when created_at >= @week then count else 0 end) as calls7d, max(updated_at) as last
       from api_history where credential_id = @credentialId and outcome in ${servedSql} and created_at >= @month
       group by ip order by calls desc, ip limit ${MAX_ADDRESSES}`,
    )
    .all({ credentialId, week: now - 7 * DAY, month: now - 30 * DAY }) as TrafficRow[];
  const traffic = rows.map((row) => ({ ip: row.ip, calls: row.calls, calls7d: row.calls7d, lastUsedAt: toIso(row.last) }));
  const entries = credential.allowedIps.map((ip) => ip.entry);
  return {
    ipEnforcement: credential.ipEnforcement,
    traffic,
    suggestions: suggestAllowedIps(traffic, entries),
    wouldBeRefused7d: wouldBeRefused(traffic, entries),
  };
}
