import { servedOutcomes } from "@gatehouse/shared";
import { and, asc, count, desc, eq, inArray, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { CredentialRepository, HistoryCall } from "../../domain/credentials/repository.ts";
import { usernameTaken } from "../../domain/credentials/rules.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { allowedIps, credentials } from "../schema/index.ts";

const sortColumns = {
  username: sql`lower(${credentials.username})`,
  createdAt: credentials.createdAt,
  updatedAt: credentials.updatedAt,
  lastUsedAt: credentials.lastUsedAt,
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The unique index on live usernames said no: another request took the name first. */
const tookUsername = (error: unknown) =>
  (error as { code?: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE" && String(error).includes("credentials_username_live_unique");

function refusingTakenUsername(write: () => void) {
  try {
    write();
  } catch (error) {
    if (tookUsername(error)) throw usernameTaken();
    throw error;
  }
}

export function sqliteCredentials(db: Db): Synchronous<CredentialRepository> {
  const one = db
    .select()
    .from(credentials)
    .where(eq(credentials.id, sql.placeholder("id")))
    .prepare();
  const ipsOf = db
    .select({ entry: allowedIps.entry, note: allowedIps.note })
    .from(allowedIps)
    .where(eq(allowedIps.credentialId, sql.placeholder("id")))
    .orderBy(asc(allowedIps.position))
    .prepare();
  const byUsername = db
    .select({ id: credentials.id, username: credentials.username })
    .from(credentials)
    .where(and(sql`lower(${credentials.username}) = lower(${sql.placeholder("username")})`, isNull(credentials.deletedAt)))
    .prepare();
  const forgetIps = db
    .delete(allowedIps)
    .where(eq(allowedIps.credentialId, sql.placeholder("id")))
    .prepare();
  const served = servedOutcomes.map((outcome) => `'${outcome}'`).join(", ");
  const traffic = db.$client.prepare(
    `select ip, sum(count) as calls, sum(case when created_at >= @week then count else 0 end) as calls7d, max(updated_at) as last
     from api_history where credential_id = @credentialId and outcome in (${served}) and created_at >= @since
     group by ip order by calls desc, ip limit @limit`,
  );
  const call = db.$client.prepare(
    `select h.credential_id as credentialId, h.ip, h.outcome, c.username, c.deleted_at as deletedAt
     from api_history h left join credentials c on c.id = h.credential_id where h.id = ?`,
  );
  return {
    row: (id) => one.get({ id }),
    allowedIps: (id) => ipsOf.all({ id }),
    liveByUsername: (username) => byUsername.get({ username }),
    insert: (row) => refusingTakenUsername(() => db.insert(credentials).values(row).run()),
    update: (id, change) => refusingTakenUsername(() => db.update(credentials).set(change).where(eq(credentials.id, id)).run()),
    replaceAllowedIps: (id, entries) => {
      forgetIps.run({ id });
      if (entries.length === 0) return;
      db.insert(allowedIps)
        .values(entries.map((ip, position) => ({ credentialId: id, position, entry: ip.entry, note: ip.note })))
        .run();
    },
    liveAmong: (ids) =>
      db
        .select({ id: credentials.id, status: credentials.status })
        .from(credentials)
        .where(and(inArray(credentials.id, ids), isNull(credentials.deletedAt)))
        .all(),
    list: (query) => {
      const conditions: (SQL | undefined)[] = [isNull(credentials.deletedAt)];
      if (query.status) conditions.push(eq(credentials.status, query.status));
      // SQLite's like ignores ASCII case.
      if (query.search) conditions.push(sql`${credentials.username} like ${`%${escapeLike(query.search)}%`} escape '\\'`);
      const where = and(...conditions);
      const direction = query.order === "asc" ? asc : desc;
      // Never-used credentials sort after used ones whichever way the list is ordered.
      const nullsLast = query.sort === "lastUsedAt" ? [sql`${credentials.lastUsedAt} is null`] : [];
      const order = [...nullsLast, direction(sortColumns[query.sort]), asc(credentials.id)];
      // The page's ids first, then only those rows whole with their counts: read whole (and
      // counted) for every row the offset skips, page 380 of 10,000 took 15 ms, now 5.
      const pageIds = db
        .select({ id: credentials.id })
        .from(credentials)
        .where(where)
        .orderBy(...order)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      const rows = db
        .select({
          row: credentials,
          // Spelled out: inside a subquery drizzle would leave the outer column unqualified.
          allowedIpCount: sql<number>`(select count(*) from allowed_ips where allowed_ips.credential_id = "credentials"."id")`,
        })
        .from(credentials)
        .where(inArray(credentials.id, pageIds))
        .orderBy(...order)
        .all();
      const total = db.select({ n: count() }).from(credentials).where(where).get()?.n ?? 0;
      return { rows: rows.map(({ row, allowedIpCount }) => ({ ...row, allowedIpCount })), total };
    },
    wideAllowLists: (ids) => {
      if (ids.length === 0) return [];
      const wide = db
        .selectDistinct({ id: allowedIps.credentialId })
        .from(allowedIps)
        .where(and(inArray(allowedIps.credentialId, [...ids]), or(like(allowedIps.entry, "%/%"), like(allowedIps.entry, "%*%"))));
      return db.select({ id: allowedIps.credentialId, entry: allowedIps.entry }).from(allowedIps).where(inArray(allowedIps.credentialId, wide)).all();
    },
    trafficByAddress: (credentialId, since, weekSince, limit) =>
      traffic.all({ credentialId, since, week: weekSince, limit }) as { ip: string; calls: number; calls7d: number; last: number }[],
    historyCall: (historyId) => call.get(historyId) as HistoryCall | undefined,
  };
}
