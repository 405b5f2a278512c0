import { type ApiCall, type ApiOutcome, compileIpMatcher, type HistoryPage, type HistoryRow, type historyQuerySchema } from "@gatehouse/shared";
import type { z } from "zod";
import type { Sqlite } from "../../db/client.ts";
import { toIso } from "../../lib/time.ts";
import { historyWhere } from "./filters.ts";
import { decodeCursor, keysetPage } from "../../lib/keyset.ts";

type Query = z.output<typeof historyQuerySchema>;

export type RawHistoryRow = {
  id: number;
  credential_id: string | null;
  username: string | null;
  credential_username: string | null;
  credential_deleted_at: number | null;
  call: string;
  ip: string;
  outcome: string;
  status: number;
  user_agent: string;
  last_request_id: string | null;
  count: number;
  created_at: number;
  updated_at: number;
};

export const historySelect = `select h.*, c.username as credential_username, c.deleted_at as credential_deleted_at
  from api_history h left join credentials c on c.id = h.credential_id`;

export const toHistoryRow = (row: RawHistoryRow, allowedNow: boolean): HistoryRow => ({
  id: row.id,
  credentialId: row.credential_id,
  username: row.credential_username ?? row.username,
  credentialDeleted: row.credential_deleted_at !== null,
  call: row.call as ApiCall,
  ip: row.ip,
  outcome: row.outcome as ApiOutcome,
  status: row.status,
  userAgent: row.user_agent,
  lastRequestId: row.last_request_id,
  count: row.count,
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
  allowedNow,
});

const isLive = (row: RawHistoryRow) => row.credential_id !== null && row.credential_username !== null && row.credential_deleted_at === null;

/**
 * Whether each row's live credential allows the row's address today, so a refused row shows
 * "Allowed" once it has been let in (from this row, another one, or by a range added since).
 * One query for the page's credentials: a page holds at most 200 rows.
 */
export function allowedToday(sqlite: Sqlite, rows: readonly RawHistoryRow[]): boolean[] {
  const ids = [...new Set(rows.filter(isLive).map((row) => row.credential_id as string))];
  if (ids.length === 0) return rows.map(() => false);
  const entries = sqlite
    .prepare(`select credential_id, entry from allowed_ips where credential_id in (${ids.map(() => "?").join(", ")}) order by credential_id, position`)
    .all(...ids) as { credential_id: string; entry: string }[];
  const lists = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { credential_id, entry } of entries) lists.get(credential_id)?.push(entry);
  const matchers = new Map([...lists].map(([id, list]) => [id, compileIpMatcher(list)]));
  return rows.map((row) => isLive(row) && (matchers.get(row.credential_id as string)?.allows(row.ip) ?? false));
}

/** Newest first, keyset-paginated on (created_at, id): deep pages cost what the first one does. */
export function listHistory(sqlite: Sqlite, query: Query): HistoryPage {
  const where = historyWhere(sqlite, query);
  const params = [...where.params];
  let keyset = "";
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, (key) => /^\d{1,16}\.\d{1,16}$/.test(key))
      .split(".")
      .map(Number);
    keyset = " and (h.created_at, h.id) < (?, ?)";
    params.push(at ?? 0, id ?? 0);
  }
  const rows = sqlite
    .prepare(`${historySelect} where ${where.sql}${keyset} order by h.created_at desc, h.id desc limit ?`)
    .all(...params, query.limit + 1) as RawHistoryRow[];
  const page = keysetPage(rows, query.limit, (row) => `${row.created_at}.${row.id}`);
  const allowed = allowedToday(sqlite, page.rows);
  return { items: page.rows.map((row, index) => toHistoryRow(row, allowed[index] ?? false)), nextCursor: page.next };
}
