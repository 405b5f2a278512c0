import { type ApiCall, type ApiOutcome, compileIpMatcher, type HistoryPage, type HistoryRow, type historyQuerySchema } from "@gatehouse/shared";
import type { z } from "zod";
import type { Repositories } from "../../db/repositories.ts";
import { toIso } from "../../lib/time.ts";
import { decodeCursor, keysetPage } from "../../lib/keyset.ts";
import { entryFilter } from "./filters.ts";
import type { HistoryEntry } from "./repository.ts";

type Query = z.output<typeof historyQuerySchema>;

/** The last time a Date (and PostgreSQL's timestamptz as the code writes it) can hold, in ms. */
const LAST_TIME = 8.64e15;

export const toHistoryRow = (entry: HistoryEntry, allowedNow: boolean): HistoryRow => ({
  id: entry.id,
  credentialId: entry.credentialId,
  username: entry.credentialUsername ?? entry.username,
  credentialDeleted: entry.credentialDeletedAt !== null,
  call: entry.call as ApiCall,
  ip: entry.ip,
  outcome: entry.outcome as ApiOutcome,
  status: entry.status,
  userAgent: entry.userAgent,
  lastRequestId: entry.lastRequestId,
  count: entry.count,
  createdAt: toIso(entry.createdAt),
  updatedAt: toIso(entry.updatedAt),
  allowedNow,
});

const isLive = (entry: HistoryEntry) => entry.credentialId !== null && entry.credentialUsername !== null && entry.credentialDeletedAt === null;

/**
 * Whether each row's live credential allows the row's address today, so a refused row shows
 * "Allowed" once it has been let in (from this row, another one, or by a range added since).
 * One query for the page's credentials: a page holds at most 200 rows.
 */
export async function allowedToday(repos: Repositories, entries: readonly HistoryEntry[]): Promise<boolean[]> {
  const ids = [...new Set(entries.filter(isLive).map((entry) => entry.credentialId as string))];
  if (ids.length === 0) return entries.map(() => false);
  const lists = await repos.history.allowLists(ids);
  const matchers = new Map([...lists].map(([id, list]) => [id, compileIpMatcher(list)]));
  return entries.map((entry) => isLive(entry) && (matchers.get(entry.credentialId as string)?.allows(entry.ip) ?? false));
}

/** Newest first, keyset-paginated on (created_at, id): deep pages cost what the first one does. */
export async function listHistory(repos: Repositories, query: Query): Promise<HistoryPage> {
  let after = null;
  if (query.cursor) {
    const [createdAt = 0, id = 0] = decodeCursor(query.cursor, (key) => /^\d{1,16}\.\d{1,16}$/.test(key) && Number(key.split(".")[0]) <= LAST_TIME)
      .split(".")
      .map(Number);
    after = { createdAt, id };
  }
  const entries = await repos.history.entries(await entryFilter(repos, query), after, query.limit + 1);
  const page = keysetPage(entries, query.limit, (entry) => `${entry.createdAt}.${entry.id}`);
  const allowed = await allowedToday(repos, page.rows);
  return { items: page.rows.map((entry, index) => toHistoryRow(entry, allowed[index] ?? false)), nextCursor: page.next };
}
