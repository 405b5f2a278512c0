import ipaddr from "ipaddr.js";
import { addressText, parseAddress } from "./address.ts";
import { formatGroups } from "./ipv6-text.ts";
import { compileIpMatcher } from "./matcher.ts";

/** One address a key was served from lately: calls in the last 30 and 7 days, and the last one. */
export type AddressTraffic = { ip: string; calls: number; calls7d: number; lastUsedAt: string };

/** An entry the IP Addresses tab offers: one address, or a /24 or /64 covering several. */
export type IpSuggestion = { entry: string; addresses: string[]; calls: number; lastUsedAt: string };

/** Three addresses of one /24 (or /64) look like a pool of servers: offering the range saves three edits and the next surprise. */
export const RANGE_MIN_ADDRESSES = 3;

/** The address as the list would hold it, and the /24 or /64 it belongs to; null for "unknown". */
function placeOf(ip: string): { text: string; network: string } | null {
  const address = parseAddress(ip);
  if (address === null) return null;
  if (address instanceof ipaddr.IPv4) return { text: addressText(address), network: `${address.octets.slice(0, 3).join(".")}.0/24` };
  return { text: addressText(address), network: `${formatGroups([...address.parts.slice(0, 4), 0, 0, 0, 0])}/64` };
}

type Placed = AddressTraffic & { text: string };

const later = (a: string, b: string) => (a > b ? a : b);

const summed = (entry: string, rows: Placed[]): IpSuggestion => ({
  entry,
  addresses: [...new Set(rows.map((row) => row.text))].toSorted(),
  calls: rows.reduce((sum, row) => sum + row.calls, 0),
  lastUsedAt: rows.map((row) => row.lastUsedAt).reduce(later),
});

/**
 * What to add to `entries` so the key's recent traffic would pass: each unlisted address with its
 * calls and last use, and addresses sharing a /24 or /64 (3 or more) as that one range. Busiest first.
 */
export function suggestAllowedIps(traffic: readonly AddressTraffic[], entries: readonly string[]): IpSuggestion[] {
  const matcher = compileIpMatcher(entries);
  const byNetwork = new Map<string, Placed[]>();
  for (const row of traffic) {
    const place = placeOf(row.ip);
    if (place === null || matcher.allows(row.ip)) continue;
    byNetwork.set(place.network, [...(byNetwork.get(place.network) ?? []), { ...row, text: place.text }]);
  }
  const suggestions: IpSuggestion[] = [];
  for (const [network, rows] of byNetwork) {
    const distinct = new Set(rows.map((row) => row.text)).size;
    if (distinct >= RANGE_MIN_ADDRESSES) suggestions.push(summed(network, rows));
    else
      for (const text of new Set(rows.map((row) => row.text)))
        suggestions.push(
          summed(
            text,
            rows.filter((row) => row.text === text),
          ),
        );
  }
  return suggestions.toSorted((a, b) => b.calls - a.calls || (a.entry < b.entry ? -1 : 1));
}

/** How many of the last 7 days' served calls `entries` would have refused: the warning before Enforce. */
export function wouldBeRefused(traffic: readonly AddressTraffic[], entries: readonly string[]): number {
  const matcher = compileIpMatcher(entries);
  return traffic.reduce((sum, row) => (matcher.allows(row.ip) ? sum : sum + row.calls7d), 0);
}
