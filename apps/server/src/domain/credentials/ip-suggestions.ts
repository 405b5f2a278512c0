import { type IpSuggestions, suggestAllowedIps, wouldBeRefused } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { DAY, toIso } from "../../lib/time.ts";
import { getCredential } from "./views.ts";

/** Enough for any real integration's servers; a key called from more addresses needs a range, not a list. */
const MAX_ADDRESSES = 1000;

/**
 * Suggestions from the key's own served calls (ok, and ip_not_listed in Report only) of the last
 * 30 days. Refused calls are left out: an address that was refused is not one the key has used.
 */
export async function ipSuggestions(repos: Repositories, credentialId: string, now: number): Promise<IpSuggestions> {
  const credential = await getCredential(repos, credentialId);
  const rows = await repos.credentials.trafficByAddress(credentialId, now - 30 * DAY, now - 7 * DAY, MAX_ADDRESSES);
  const traffic = rows.map((row) => ({ ip: row.ip, calls: row.calls, calls7d: row.calls7d, lastUsedAt: toIso(row.last) }));
  const entries = credential.allowedIps.map((ip) => ip.entry);
  return {
    ipEnforcement: credential.ipEnforcement,
    traffic,
    suggestions: suggestAllowedIps(traffic, entries),
    wouldBeRefused7d: wouldBeRefused(traffic, entries),
  };
}
