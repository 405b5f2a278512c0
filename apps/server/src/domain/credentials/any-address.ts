import { ipCoverage } from "@gatehouse/shared";
import { and, inArray, like, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { allowedIps } from "../../db/schema/index.ts";

/**
 * The credentials among `ids` whose allowed IPs, together, let in every IPv4 address or every
 * IPv6 address: ::/0, 0.0.0.0/0 or 0.0.0.0/1 + 128.0.0.0/1 are as open to the internet as *.
 * Only lists with a range, a wildcard or * can be that wide (500 single addresses are not), so
 * only those are read and checked.
 */
export function allowingAnyAddress(db: Db, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const wide = db
    .selectDistinct({ id: allowedIps.credentialId })
    .from(allowedIps)
    .where(and(inArray(allowedIps.credentialId, [...ids]), or(like(allowedIps.entry, "%/%"), like(allowedIps.entry, "%*%"))));
  const rows = db.select({ id: allowedIps.credentialId, entry: allowedIps.entry }).from(allowedIps).where(inArray(allowedIps.credentialId, wide)).all();
  const entries = new Map<string, string[]>();
  for (const row of rows) {
    const list = entries.get(row.id);
    if (list === undefined) entries.set(row.id, [row.entry]);
    else list.push(row.entry);
  }
  const open = new Set<string>();
  for (const [id, list] of entries) {
    const coverage = ipCoverage(list);
    if (coverage.ipv4 || coverage.ipv6) open.add(id);
  }
  return open;
}
