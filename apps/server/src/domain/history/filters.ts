import { anyAddressWritten, ipv6NetworkAddress, normalizeAddress, type HistoryFilters } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { addressBucket } from "../../lib/address-bucket.ts";
import { type EntryFilter, MAX_ROW_SPAN_MS } from "./repository.ts";

/**
 * The history filters as the database applies them, the one reading of them for the list and
 * the CSV export alike.
 */
export async function entryFilter(repos: Repositories, filters: HistoryFilters): Promise<EntryFilter> {
  const filter: EntryFilter = {
    call: filters.call,
    ip: filters.ip === undefined ? undefined : recordedAddress(filters.ip),
    outcome: filters.outcome,
    from: filters.from === undefined ? undefined : Date.parse(filters.from),
    addedFrom: filters.from === undefined ? undefined : Date.parse(filters.from) - MAX_ROW_SPAN_MS,
    to: filters.to === undefined ? undefined : Date.parse(filters.to),
  };
  if (filters.credentialId) return { ...filter, credentialIds: [filters.credentialId] };
  if (filters.username) {
    // A username names its live credential, every deleted one of that name, and the attempts
    // recorded without a credential (a name that never existed, or a deleted key's name in use).
    const ids = await repos.history.credentialIdsNamed(filters.username);
    return { ...filter, ...(ids.length > 0 ? { credentialIds: ids } : {}), attemptedUsername: filters.username };
  }
  return filter;
}

/**
 * The IP filter as rows hold it. Addresses are normalised, so ::ffff:192.0.2.9 or fe80::1%eth0
 * must find 192.0.2.9 or fe80::1; a throttled IPv6 client's /64 is written as its bucket is
 * (2001:db8:0:0::/64, however it was typed); so are 0.0.0.0/0 and ::/0 (0::0/0 finds ::/0). The schema
 * refused anything else with a 400.
 */
function recordedAddress(ip: string) {
  const everyAddress = anyAddressWritten(ip);
  if (everyAddress !== null) return everyAddress;
  const network = ipv6NetworkAddress(ip);
  if (network !== null) return addressBucket(normalizeAddress(network) ?? network);
  return normalizeAddress(ip) ?? ip.trim();
}
