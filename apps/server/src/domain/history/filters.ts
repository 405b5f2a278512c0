import { normalizeAddress, type HistoryFilters } from "@gatehouse/shared";
import type { Sqlite } from "../../db/client.ts";

export type Where = { sql: string; params: (string | number)[] };

/**
 * SQL conditions for the history filters, the one reading of them for the list and the CSV
 * export alike. Each filter is an equality or a range on an indexed column, so SQLite answers
 * from one index whatever the page.
 */
export function historyWhere(sqlite: Sqlite, filters: HistoryFilters): Where {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (filters.credentialId) {
    parts.push("h.credential_id = ?");
    params.push(filters.credentialId);
  } else if (filters.username) {
    const ids = (sqlite.prepare("select id from credentials where lower(username) = lower(?)").all(filters.username) as { id: string }[]).map((row) => row.id);
    if (ids.length > 0) {
      parts.push(`h.credential_id in (${ids.map(() => "?").join(", ")})`);
      params.push(...ids);
    } else {
      parts.push("h.credential_id is null and lower(h.username) = lower(?)");
      params.push(filters.username);
    }
  }
  if (filters.call) {
    parts.push("h.call = ?");
    params.push(filters.call);
  }
  if (filters.ip) {
    // Rows hold the normalised client address, so ::ffff:192.0.2.9 or fe80::1%eth0 must find
    // 192.0.2.9 or fe80::1; text that is no address is compared as typed (and finds nothing).
    parts.push("h.ip = ?");
    params.push(normalizeAddress(filters.ip) ?? filters.ip);
  }
  if (filters.outcome) {
    parts.push("h.outcome = ?");
    params.push(filters.outcome);
  }
  if (filters.from) {
    parts.push("h.created_at >= ?");
    params.push(Date.parse(filters.from));
  }
  if (filters.to) {
    parts.push("h.created_at <= ?");
    params.push(Date.parse(filters.to));
  }
  return { sql: parts.length ? parts.join(" and ") : "1 = 1", params };
}
