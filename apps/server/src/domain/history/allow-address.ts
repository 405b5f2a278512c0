import { type AllowAddressResult, compileIpMatcher, normalizeAddress } from "@gatehouse/shared";
import { ApiError, notFound } from "../../lib/api-error.ts";
import type { CredentialContext } from "../credentials/context.ts";
import { getCredential } from "../credentials/views.ts";
import { allowAddressIn } from "../credentials/write.ts";

export const ALLOWED_FROM_HISTORY = "Added from history";

/**
 * "Allow this IP" on a history row: the row names the credential and the address, so the admin
 * cannot be tricked into allowing something else than what they confirmed. Pressing it again, or
 * on another row of the same address, answers "already allowed" (and which entry does it) and
 * writes nothing: the address is allowed, which is what the admin wanted.
 * One transaction from read to write, so parallel presses (from any instance) add it once.
 */
export async function allowFromHistory(ctx: CredentialContext, historyId: number): Promise<AllowAddressResult> {
  const result = await ctx.repos.transaction(async (tx): Promise<AllowAddressResult> => {
    const row = await tx.credentials.historyCall(historyId);
    if (!row) throw notFound("The history row");
    // In Report only, a call that would have been refused (ip_not_listed) counts as refused here.
    if (row.outcome !== "ip_not_allowed" && row.outcome !== "ip_not_listed") {
      throw new ApiError("invalid_request", "Only a call refused for its address can be allowed from history");
    }
    if (row.credentialId === null || row.username === null || row.deletedAt !== null) {
      throw new ApiError("invalid_request", "The API of this call was deleted; there is no list to add the address to");
    }
    // A socket without a readable address is recorded as "unknown": nothing to add.
    if (normalizeAddress(row.ip) === null) throw new ApiError("invalid_request", `"${row.ip}" is not an address that can be allowed`);
    const current = await getCredential(tx, row.credentialId);
    const keyStoppedBy: AllowAddressResult["keyStoppedBy"] = [];
    if (current.status === "disabled") keyStoppedBy.push("disabled");
    if (current.expiresAt !== null && Date.parse(current.expiresAt) <= ctx.now) keyStoppedBy.push("expired");
    const answer = { ip: row.ip, credentialId: current.id, username: current.username, keyStoppedBy };
    const coveredBy = compileIpMatcher(current.allowedIps.map((ip) => ip.entry)).matchingRule(row.ip);
    if (coveredBy !== null) return { ...answer, result: "already_allowed", coveredBy };
    await allowAddressIn(tx, ctx, current.id, row.ip, ALLOWED_FROM_HISTORY);
    return { ...answer, result: "added", coveredBy: null };
  });
  if (result.result === "added") ctx.changed(result.credentialId);
  return result;
}
