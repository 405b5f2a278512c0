import type { CredentialList, CredentialListItem } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { allowingAnyAddress } from "./any-address.ts";
import type { CredentialListQuery } from "./repository.ts";
import { toCredential } from "./views.ts";

/** One page of live credentials: search by username, filter by status, sort, offset pages. */
export async function listCredentials(repos: Repositories, query: CredentialListQuery): Promise<CredentialList> {
  const { rows, total } = await repos.credentials.list(query);
  const open = await allowingAnyAddress(
    repos,
    rows.map((row) => row.id),
  );
  const items = rows.map(({ allowedIpCount, ...row }): CredentialListItem => {
    const { allowedIps: _none, ...credential } = toCredential(row, []);
    return { ...credential, allowedIpCount, allowsAnyIp: open.has(row.id) };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}
