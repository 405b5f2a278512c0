import type { CredentialList, CredentialListItem, listCredentialsQuerySchema } from "@gatehouse/shared";
import { and, asc, count, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client.ts";
import { credentials } from "../../db/schema/index.ts";
import { allowingAnyAddress } from "./any-address.ts";
import { toCredential } from "./views.ts";

type ListQuery = z.output<typeof listCredentialsQuerySchema>;

const sortColumns = {
  username: sql`lower(${credentials.username})`,
  createdAt: credentials.createdAt,
  updatedAt: credentials.updatedAt,
  lastUsedAt: credentials.lastUsedAt,
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** One page of live credentials: search by username, filter by status, sort, offset pages. */
export function listCredentials(db: Db, query: ListQuery): CredentialList {
  const conditions: (SQL | undefined)[] = [isNull(credentials.deletedAt)];
  if (query.status) conditions.push(eq(credentials.status, query.status));
  if (query.search) conditions.push(sql`${credentials.username} like ${`%${escapeLike(query.search)}%`} escape '\\'`);
  const where = and(...conditions);
  const direction = query.order === "asc" ? asc : desc;
  // Never-used credentials sort after used ones whichever way the list is ordered.
  const nullsLast = query.sort === "lastUsedAt" ? [sql`${credentials.lastUsedAt} is null`] : [];

  const rows = db
    .select({
      row: credentials,
      // Spelled out: inside a subquery drizzle would leave the outer column unqualified.
      allowedIpCount: sql<number>`(select count(*) from allowed_ips where allowed_ips.credential_id = "credentials"."id")`,
    })
    .from(credentials)
    .where(where)
    .orderBy(...nullsLast, direction(sortColumns[query.sort]), asc(credentials.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .all();
  const total = db.select({ n: count() }).from(credentials).where(where).get()?.n ?? 0;

  const open = allowingAnyAddress(
    db,
    rows.map(({ row }) => row.id),
  );
  const items = rows.map(({ row, allowedIpCount }): CredentialListItem => {
    const { allowedIps: _none, ...credential } = toCredential(row, []);
    return { ...credential, allowedIpCount, allowsAnyIp: open.has(row.id) };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}
