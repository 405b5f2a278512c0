import type { ActivitySummary } from "@gatehouse/shared";
import type { Sqlite } from "../../db/client.ts";
import { DAY, HOUR, toIso, toIsoOrNull } from "../../lib/time.ts";
import { deniedSql } from "./chart.ts";
import { STORE_WIDE } from "./sqlite-recorder.ts";

const UNUSED_AFTER_DAYS = 90;
/** Matches the APIs list's "Expires in N days" marker and the credential.expiring notice. */
export const EXPIRING_WITHIN_DAYS = 14;
const LISTED = 10;

/** The Activity page's header: traffic and refusals in the last 24 hours, who is knocking, what sits unused. */
export function activitySummary(sqlite: Sqlite, now: number): ActivitySummary {
  const since = now - (now % HOUR) - 23 * HOUR;
  const totals = sqlite
    .prepare(
      `select coalesce(sum(calls), 0) as calls, coalesce(sum(case when outcome in ${deniedSql} then calls else 0 end), 0) as denied from api_history_hourly where credential_id = ? and hour >= ?`,
    )
    .get(STORE_WIDE, since) as { calls: number; denied: number };
  const topDeniedIps = sqlite
    .prepare(`select ip, sum(count) as calls from api_history where outcome in ${deniedSql} and created_at >= ? group by ip order by calls desc, ip limit 5`)
    .all(now - DAY) as { ip: string; calls: number }[];
  const cutoff = now - UNUSED_AFTER_DAYS * DAY;
  const unused = listKeys<{ id: string; username: string; last_used_at: number | null; created_at: number }>(
    sqlite,
    "id, username, last_used_at, created_at",
    "created_at < ? and (last_used_at is null or last_used_at < ?)",
    "coalesce(last_used_at, 0), username",
    [cutoff, cutoff],
  );
  const expiring = listKeys<{ id: string; username: string; expires_at: number }>(
    sqlite,
    "id, username, expires_at",
    "expires_at > ? and expires_at <= ?",
    "expires_at, username",
    [now, now + EXPIRING_WITHIN_DAYS * DAY],
  );
  const neverUsed = listKeys<{ id: string; username: string; created_at: number }>(
    sqlite,
    "id, username, created_at",
    "last_used_at is null and (expires_at is null or expires_at > ?)",
    "created_at, username",
    [now],
  );
  return {
    calls24h: totals.calls,
    denied24h: totals.denied,
    topDeniedIps,
    unusedCredentials: unused.rows.map((row) => ({
      id: row.id,
      username: row.username,
      lastUsedAt: toIsoOrNull(row.last_used_at),
      createdAt: toIso(row.created_at),
    })),
    unusedCount: unused.count,
    expiringCredentials: expiring.rows.map((row) => ({ id: row.id, username: row.username, expiresAt: toIso(row.expires_at) })),
    expiringCount: expiring.count,
    neverUsedCredentials: neverUsed.rows.map((row) => ({ id: row.id, username: row.username, createdAt: toIso(row.created_at) })),
    neverUsedCount: neverUsed.count,
  };
}

/** The first few live keys matching `where`, and how many match in all (the card says "and N more"). */
function listKeys<Row>(sqlite: Sqlite, columns: string, where: string, orderBy: string, params: number[]): { rows: Row[]; count: number } {
  const live = `from credentials where deleted_at is null and ${where}`;
  const rows = sqlite.prepare(`select ${columns} ${live} order by ${orderBy} limit ${LISTED}`).all(...params) as Row[];
  const count = rows.length < LISTED ? rows.length : (sqlite.prepare(`select count(*) as n ${live}`).get(...params) as { n: number }).n;
  return { rows, count };
}
