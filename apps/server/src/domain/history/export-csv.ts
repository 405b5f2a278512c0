import type { HistoryFilters } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { toIso } from "../../lib/time.ts";
import { entryFilter } from "./filters.ts";
import type { HistoryEntry } from "./repository.ts";

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

const csvLine = (entry: HistoryEntry) =>
  [
    toIso(entry.createdAt),
    toIso(entry.updatedAt),
    entry.credentialUsername
      ? `${entry.credentialUsername}${entry.credentialDeletedAt === null ? "" : " (deleted)"}`
      : entry.username
        ? `${entry.username} (unknown)`
        : "unknown",
    entry.call,
    entry.ip,
    entry.outcome,
    entry.status,
    entry.count,
    entry.userAgent,
    entry.lastRequestId,
  ]
    .map(csvCell)
    .join(",");

/**
 * The filtered history as CSV, newest first, in batches of 2000 rows read by keyset: memory
 * stays flat however many rows there are, and `write` lets the response apply back-pressure.
 */
export async function exportHistoryCsv(repos: Repositories, filters: HistoryFilters, write: (chunk: string) => Promise<void>) {
  const filter = await entryFilter(repos, filters);
  await write(`${csvHeader.join(",")}\r\n`);
  let entries = await repos.history.entries(filter, null, BATCH);
  while (entries.length > 0) {
    await write(`${entries.map(csvLine).join("\r\n")}\r\n`);
    const last = entries.at(-1);
    if (!last || entries.length < BATCH) break;
    entries = await repos.history.entries(filter, last, BATCH);
  }
}
