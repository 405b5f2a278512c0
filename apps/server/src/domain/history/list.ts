import { type ApiCall, type ApiOutcome, type HistoryPage, type HistoryRow, type historyQuerySchema } from "@gatehouse/shared";
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
  count: number;
  created_at: number;
  updated_at: number;
};

export const historySelect = `select h.*, c.username as credential_username, c.deleted_at as credential_deleted_at
  from api_history h left join credentials c on c.id = h.credential_id`;

export const toHistoryRow = (row: RawHistoryRow): HistoryRow => ({
  id: row.id,
  credentialId: row.credential_id,
  username: row.credential_username ?? row.username,
  credentialDeleted: row.credential_deleted_at !== null,
  call: row.call as ApiCall,
  ip: row.ip,
  outcome: row.outcome as ApiOutcome,
  status: row.status,
  userAgent: row.user_agent,
  count: row.count,
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

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
  return { items: page.rows.map(toHistoryRow), nextCursor: page.next };
}
