import type { ActivitySummary } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { isAnyAddress } from "@gatehouse/shared";
import { addressBucket } from "../../lib/address-bucket.ts";
import { DAY, HOUR, toIso, toIsoOrNull } from "../../lib/time.ts";
import { STORE_WIDE } from "./sqlite-recorder.ts";

const UNUSED_AFTER_DAYS = 90;
/** Matches the APIs list's "Expires in N days" marker and the credential.expiring notice. */
export const EXPIRING_WITHIN_DAYS = 14;
const LISTED = 10;
const TOP_DENIED = 5;
/**
 * The most refused rows' addresses read before they are put together by network: an attacker
 * rotating through an IPv6 /64 shows as that /64, as the throttle counts it, not as addresses
 * of a call or two each. Throttled calls from the /64 are one row already (address-bucket.ts).
 */
const DENIED_ROWS_READ = 1000;

/** The most refused addresses, an IPv6 address counted in its /64 as failures are. */
function topDenied(rows: { ip: string; calls: number }[]) {
  const byNetwork = new Map<string, number>();
  for (const { ip, calls } of rows) {
    const network = isAnyAddress(ip) ? ip : addressBucket(ip);
    byNetwork.set(network, (byNetwork.get(network) ?? 0) + calls);
  }
  return [...byNetwork]
    .map(([ip, calls]) => ({ ip, calls }))
    .toSorted((a, b) => b.calls - a.calls || (a.ip < b.ip ? -1 : 1))
    .slice(0, TOP_DENIED);
}

/** The Activity page's header: traffic and refusals in the last 24 hours, who is knocking, what sits unused. */
export async function activitySummary(repos: Repositories, now: number): Promise<ActivitySummary> {
  const cutoff = now - UNUSED_AFTER_DAYS * DAY;
  const [totals, topDeniedIps, unused, expiring, neverUsed] = await Promise.all([
    repos.history.callTotals(STORE_WIDE, now - (now % HOUR) - 23 * HOUR),
    repos.history.topDeniedAddresses(now - DAY, DENIED_ROWS_READ),
    repos.history.unusedKeys(cutoff, LISTED),
    repos.history.expiringKeys(now, now + EXPIRING_WITHIN_DAYS * DAY, LISTED),
    repos.history.neverUsedKeys(now, LISTED),
  ]);
  return {
    calls24h: totals.calls,
    denied24h: totals.denied,
    topDeniedIps: topDenied(topDeniedIps),
    unusedCredentials: unused.rows.map((key) => ({
      id: key.id,
      username: key.username,
      lastUsedAt: toIsoOrNull(key.lastUsedAt),
      createdAt: toIso(key.createdAt),
    })),
    unusedCount: unused.count,
    expiringCredentials: expiring.rows.map((key) => ({ id: key.id, username: key.username, expiresAt: toIso(key.expiresAt) })),
    expiringCount: expiring.count,
    neverUsedCredentials: neverUsed.rows.map((key) => ({ id: key.id, username: key.username, createdAt: toIso(key.createdAt) })),
    neverUsedCount: neverUsed.count,
  };
}
