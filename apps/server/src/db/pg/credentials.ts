import { servedOutcomes } from "@gatehouse/shared";
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { CredentialRepository, HistoryCall } from "../../domain/credentials/repository.ts";
import { usernameTaken } from "../../domain/credentials/rules.ts";
import { MINUTE } from "../../lib/time.ts";
import type { PgExecutor } from "./client.ts";
import { sqlStateOf } from "./sql-state.ts";
import { allowedIps, apiHistory, credentials } from "./schema/index.ts";

/**
 * How many allowed IPs each of a page's credentials has. Asked for the page's rows only: as a
 * subquery in the list's select, PostgreSQL ran it for every row the offset skips too (9,525
 * times for page 380 of 10,000: 14 of the query's 17 ms).
 */
async function allowedIpCounts(db: PgExecutor, ids: string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const counts = await db
    .select({ id: allowedIps.credentialId, n: count() })
    .from(allowedIps)
    .where(inArray(allowedIps.credentialId, ids))
    .groupBy(allowedIps.credentialId);
  return new Map(counts.map(({ id, n }) => [id, n]));
}

// "C": byte order of the lowered name, as SQLite sorts it, whatever the database's collation.
const sortColumns = {
  username: sql`lower(${credentials.username}) collate "C"`,
  createdAt: credentials.createdAt,
  updatedAt: credentials.updatedAt,
  lastUsedAt: credentials.lastUsedAt,
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** postgres.js names the violated index on `constraint_name`; drizzle wraps it in `cause`. */
function constraintOf(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const name = (current as { constraint_name?: unknown }).constraint_name;
    if (typeof name === "string") return name;
  }
  return undefined;
}

/**
 * Two instances creating (or renaming to) one username at once both find it free; the unique
 * index on live usernames lets one commit and the other is told, as on SQLite, that it is taken.
 */
async function refusingTakenUsername(write: () => Promise<unknown>) {
  try {
    await write();
  } catch (error) {
    if (sqlStateOf(error) === "23505" && constraintOf(error) === "credentials_username_live_unique") throw usernameTaken();
    throw error;
  }
}

export function pgCredentials(db: PgExecutor): CredentialRepository {
  return {
    row: async (id) => (await db.select().from(credentials).where(eq(credentials.id, id)))[0],
    allowedIps: (id) =>
      db.select({ entry: allowedIps.entry, note: allowedIps.note }).from(allowedIps).where(eq(allowedIps.credentialId, id)).orderBy(asc(allowedIps.position)),
    liveByUsername: async (username) =>
      (
        await db
          .select({ id: credentials.id, username: credentials.username })
          .from(credentials)
          .where(and(sql`lower(${credentials.username}) = lower(${username})`, isNull(credentials.deletedAt)))
      )[0],
    insert: (row) => refusingTakenUsername(() => db.insert(credentials).values(row)),
    update: (id, change) => refusingTakenUsername(() => db.update(credentials).set(change).where(eq(credentials.id, id))),
    replaceAllowedIps: async (id, entries) => {
      await db.delete(allowedIps).where(eq(allowedIps.credentialId, id));
      if (entries.length === 0) return;
      await db.insert(allowedIps).values(entries.map((ip, position) => ({ credentialId: id, position, entry: ip.entry, note: ip.note })));
    },
    liveAmong: (ids) =>
      db
        .select({ id: credentials.id, status: credentials.status })
        .from(credentials)
        .where(and(inArray(credentials.id, ids), isNull(credentials.deletedAt))),
    list: async (query) => {
      const conditions: (SQL | undefined)[] = [isNull(credentials.deletedAt)];
      if (query.status) conditions.push(eq(credentials.status, query.status));
      // ilike: SQLite's like ignores case too.
      if (query.search) conditions.push(sql`${credentials.username} ilike ${`%${escapeLike(query.search)}%`} escape '\\'`);
      const where = and(...conditions);
      const direction = query.order === "asc" ? asc : desc;
      const nullsLast = query.sort === "lastUsedAt" ? [sql`${credentials.lastUsedAt} is null`] : [];
      const order = [...nullsLast, direction(sortColumns[query.sort]), asc(credentials.id)];
      // The page's ids are found sorting narrow rows, and only those rows are read whole: sorting
      // whole rows to skip 9,500 of them took twice as long (page 380 of 10,000).
      const pageIds = db
        .select({ id: credentials.id })
        .from(credentials)
        .where(where)
        .orderBy(...order)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      // The page and the total at once, on two connections: one round trip less to wait for.
      const [rows, [counted]] = await Promise.all([
        db
          .select()
          .from(credentials)
          .where(inArray(credentials.id, pageIds))
          .orderBy(...order),
        db.select({ n: count() }).from(credentials).where(where),
      ]);
      const counts = await allowedIpCounts(
        db,
        rows.map((row) => row.id),
      );
      const total = counted?.n ?? 0;
      return { rows: rows.map((row) => ({ ...row, allowedIpCount: counts.get(row.id) ?? 0 })), total };
    },
    wideAllowLists: async (ids) => {
      if (ids.length === 0) return [];
      const wide = db
        .selectDistinct({ id: allowedIps.credentialId })
        .from(allowedIps)
        .where(and(inArray(allowedIps.credentialId, [...ids]), or(like(allowedIps.entry, "%/%"), like(allowedIps.entry, "%*%"))));
      return db.select({ id: allowedIps.credentialId, entry: allowedIps.entry }).from(allowedIps).where(inArray(allowedIps.credentialId, wide));
    },
    trafficByAddress: async (credentialId, since, weekSince, limit) => {
      const calls = sql`sum(${apiHistory.count})`;
      const rows = await db
        .select({
          ip: apiHistory.ip,
          calls: calls.mapWith(Number),
          calls7d: sql`sum(case when ${apiHistory.createdAt} >= ${new Date(weekSince).toISOString()}::timestamptz then ${apiHistory.count} else 0 end)`.mapWith(
            Number,
          ),
          last: sql`max(${apiHistory.updatedAt})`.mapWith(apiHistory.updatedAt),
        })
        .from(apiHistory)
        .where(
          and(
            eq(apiHistory.credentialId, credentialId),
            inArray(apiHistory.outcome, [...servedOutcomes]),
            gte(apiHistory.createdAt, since),
            // window_start (the minute of a row's first call) lets PostgreSQL skip older months' partitions.
            gt(apiHistory.windowStart, since - MINUTE),
          ),
        )
        .groupBy(apiHistory.ip)
        .orderBy(desc(calls), sql`${apiHistory.ip} collate "C"`)
        .limit(limit);
      return rows;
    },
    historyCall: async (historyId): Promise<HistoryCall | undefined> =>
      (
        await db
          .select({
            credentialId: apiHistory.credentialId,
            ip: apiHistory.ip,
            outcome: apiHistory.outcome,
            username: credentials.username,
            deletedAt: credentials.deletedAt,
          })
          .from(apiHistory)
          .leftJoin(credentials, eq(credentials.id, apiHistory.credentialId))
          .where(eq(apiHistory.id, historyId))
      )[0],
  };
}
