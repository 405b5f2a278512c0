import { ipCoverage } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";

/**
 * The credentials among `ids` whose allowed IPs, together, let in every IPv4 address or every
 * IPv6 address: ::/0, 0.0.0.0/0 or 0.0.0.0/1 + 128.0.0.0/1 are as open to the internet as *.
 * Only lists with a range, a wildcard or * can be that wide (500 single addresses are not), so
 * only those are read and checked.
 */
export async function allowingAnyAddress(repos: Repositories, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await repos.credentials.wideAllowLists(ids);
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
