import { normalizeAddress, type HistoryFilters } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import type { EntryFilter } from "./repository.ts";

/**
 * The history filters as the database applies them, the one reading of them for the list and
 * the CSV export alike.
 */
export async function entryFilter(repos: Repositories, filters: HistoryFilters): Promise<EntryFilter> {
  const filter: EntryFilter = {
    call: filters.call,
    // Rows hold the normalised client address, so ::ffff:192.0.2.9 or fe80::1%eth0 must find
    // 192.0.2.9 or fe80::1. The schema refused text that is no single address with a 400.
    ip: filters.ip === undefined ? undefined : (normalizeAddress(filters.ip) ?? filters.ip),
    outcome: filters.outcome,
    from: filters.from === undefined ? undefined : Date.parse(filters.from),
    to: filters.to === undefined ? undefined : Date.parse(filters.to),
  };
  if (filters.credentialId) return { ...filter, credentialIds: [filters.credentialId] };
  if (filters.username) {
    // A username names its live credential and every deleted one of that name; one that never
    // existed finds the attempts made with it.
    const ids = await repos.history.credentialIdsNamed(filters.username);
    return ids.length > 0 ? { ...filter, credentialIds: ids } : { ...filter, unknownUsername: filters.username };
  }
  return filter;
}
