import { type AllowAddressResult, compileIpMatcher, normalizeAddress } from "@gatehouse/shared";
import type { Sqlite } from "../../db/client.ts";
import { ApiError, notFound } from "../../lib/api-error.ts";
import type { CredentialContext } from "../credentials/context.ts";
import { getCredential } from "../credentials/views.ts";
import { allowAddress } from "../credentials/write.ts";

export const ALLOWED_FROM_HISTORY = "Added from history";

type RefusedRow = { credential_id: string | null; ip: string; outcome: string; username: string | null; deleted_at: number | null };

/**
 * "Allow this IP" on a history row: the row names the credential and the address, so the admin
 * cannot be tricked into allowing something else than what they confirmed. Pressing it again, or
 * on another row of the same address, answers "already allowed" (and which entry does it) and
 * writes nothing: the address is allowed, which is what the admin wanted.
 * Synchronous from read to write, so two presses cannot interleave.
 */
export function allowFromHistory(ctx: CredentialContext, sqlite: Sqlite, historyId: number): AllowAddressResult {
  const row = sqlite
    .prepare(
      `select h.credential_id, h.ip, h.outcome, c.username, c.deleted_at
       from api_history h left join credentials c on c.id = h.credential_id where h.id = ?`,
    )
    .get(historyId) as RefusedRow | undefined;
  if (!row) throw notFound("The history row");
  // In Report only, a call that would have been refused (ip_not_listed) counts as refused here.
  if (row.outcome !== "ip_not_allowed" && row.outcome !== "ip_not_listed") {
    throw new ApiError("invalid_request", "Only a call refused for its address can be allowed from history");
  }
  if (row.credential_id === null || row.username === null || row.deleted_at !== null) {
    throw new ApiError("invalid_request", "The API of this call was deleted; there is no list to add the address to");
  }
  // A socket without a readable address is recorded as "unknown": nothing to add.
  if (normalizeAddress(row.ip) === null) throw new ApiError("invalid_request", `"${row.ip}" is not an address that can be allowed`);
  const current = getCredential(ctx.db, row.credential_id);
  const answer = { ip: row.ip, credentialId: current.id, username: current.username };
  const coveredBy = compileIpMatcher(current.allowedIps.map((ip) => ip.entry)).matchingRule(row.ip);
  if (coveredBy !== null) return { ...answer, result: "already_allowed", coveredBy };
  allowAddress(ctx, current.id, row.ip, ALLOWED_FROM_HISTORY);
  return { ...answer, result: "added", coveredBy: null };
}
