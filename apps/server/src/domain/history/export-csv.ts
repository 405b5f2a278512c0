import type { HistoryFilters } from "@gatehouse/shared";
import type { Sqlite } from "../../db/client.ts";
import { toIso } from "../../lib/time.ts";
import { historyWhere } from "./filters.ts";
import { historySelect, type RawHistoryRow } from "./list.ts";

const BATCH = 2000;
// Last Request ID goes last, so spreadsheets built on the earlier columns keep working.
export const csvHeader = ["Date Added", "Date Modified", "API Username", "Call", "IP Address", "Outcome", "Status", "Count", "User Agent", "Last Request ID"];

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with an
 * apostrophe: usernames and user agents come from whoever called the API.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (row: RawHistoryRow) =>
  [
    toIso(row.created_at),
    toIso(row.updated_at),
    row.credential_username
      ? `${row.credential_username}${row.credential_deleted_at === null ? "" : " (deleted)"}`
      : row.username
        ? `${row.username} (unknown)`
        : "",
    row.call,
    row.ip,
    row.outcome,
    row.status,
    row.count,
    row.user_agent,
    row.last_request_id,
  ]
    .map(csvCell)
    .join(",");

/**
 * The filtered history as CSV, newest first, in batches of 2000 rows read by keyset: memory
 * stays flat however many rows there are, and `write` lets the response apply back-pressure.
 */
export async function exportHistoryCsv(sqlite: Sqlite, filters: HistoryFilters, write: (chunk: string) => Promise<void>) {
  const where = historyWhere(sqlite, filters);
  const first = sqlite.prepare(`${historySelect} where ${where.sql} order by h.created_at desc, h.id desc limit ?`);
  const next = sqlite.prepare(`${historySelect} where ${where.sql} and (h.created_at, h.id) < (?, ?) order by h.created_at desc, h.id desc limit ?`);
  await write(`${csvHeader.join(",")}\r\n`);
  let rows = first.all(...where.params, BATCH) as RawHistoryRow[];
  while (rows.length > 0) {
    await write(`${rows.map(csvLine).join("\r\n")}\r\n`);
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    rows = next.all(...where.params, last.created_at, last.id, BATCH) as RawHistoryRow[];
  }
}
