import { gracePeriods, type Credential, type GracePeriod, type IssuedKey } from "@gatehouse/shared";
import { revokeCredentialTokens } from "../auth/tokens.ts";
import type { CredentialContext } from "./context.ts";
import { raiseCredentialEvent } from "./events.ts";
import { generateKey } from "./keys.ts";
import { getCredential, liveCredentialRow } from "./views.ts";
import { ApiError } from "../../lib/api-error.ts";
import { toIso } from "../../lib/time.ts";

/**
 * Issues a new key. With a grace period the old key keeps working until it ends (never past the
 * credential's own expiry), so integrations can switch over without an outage.
 */
export async function regenerateKey(ctx: CredentialContext, id: string, grace: GracePeriod, keyLength?: number): Promise<IssuedKey> {
  const issued = generateKey(keyLength);
  const result = await ctx.repos.transaction(async (tx) => {
    const row = await liveCredentialRow(tx, id);
    const graceMs = gracePeriods[grace] * 1000;
    const graceEnds = graceMs > 0 ? Math.min(ctx.now + graceMs, row.expiresAt ?? Number.POSITIVE_INFINITY) : null;
    const keepPrevious = graceEnds !== null && graceEnds > ctx.now;
    // One old key is kept: a second grace would end the first at once, and an integration still
    // on that key (the one a grace is for) would stop with no warning. A double submit or two
    // admins at once did this in a review. Without a grace, every old key stops, as asked.
    if (keepPrevious && row.previousKeyExpiresAt !== null && row.previousKeyExpiresAt > ctx.now)
      throw new ApiError(
        "conflict",
        `The previous key still works until ${toIso(row.previousKeyExpiresAt)}, and only one old key can be kept. End its grace period first, or regenerate with no grace period.`,
      );
    await tx.credentials.update(id, {
      keyHash: issued.hash,
      keyPrefix: issued.prefix,
      keyIssuedAt: ctx.now,
      previousKeyHash: keepPrevious ? row.keyHash : null,
      previousKeyExpiresAt: keepPrevious ? graceEnds : null,
      updatedAt: ctx.now,
    });
    // Tokens logged in with the old key live on only through the grace period; older ones end now.
    await revokeCredentialTokens(tx, id, (token) => keepPrevious && token.keyHash === row.keyHash);
    const credential = await getCredential(tx, id);
    await tx.audit.record(ctx.now, ctx.actor, {
      action: "credential.regenerate",
      targetType: "credential",
      targetId: id,
      targetName: row.username,
      before: { keyPrefix: row.keyPrefix },
      after: { keyPrefix: issued.prefix, grace, oldKeyWorksUntil: credential.previousKeyExpiresAt },
    });
    // The new key's display prefix only: the key itself is in this answer and nowhere else.
    await raiseCredentialEvent(tx, ctx, "credential.key_regenerated", credential, {
      key_prefix: issued.prefix,
      old_key_works_until: credential.previousKeyExpiresAt,
    });
    return { credential, key: issued.key };
  });
  ctx.changed(id);
  return result;
}

/**
 * Stops the old key before its grace period ends, e.g. once every integration has moved to the
 * new key, or when the old one turns out to be leaked. Tokens it logged in are ended too, and the
 * auth cache is told, so the very next call with either is refused.
 */
export async function endGracePeriod(ctx: CredentialContext, id: string): Promise<Credential> {
  const result = await ctx.repos.transaction(async (tx) => {
    const row = await liveCredentialRow(tx, id);
    const oldKey = row.previousKeyHash;
    if (oldKey === null || row.previousKeyExpiresAt === null || row.previousKeyExpiresAt <= ctx.now)
      throw new ApiError("conflict", `The old key of ${row.username} already stopped working`);
    await tx.credentials.update(id, { previousKeyHash: null, previousKeyExpiresAt: null, updatedAt: ctx.now });
    await revokeCredentialTokens(tx, id, (token) => token.keyHash !== oldKey);
    await tx.audit.record(ctx.now, ctx.actor, {
      action: "credential.end_grace",
      targetType: "credential",
      targetId: id,
      targetName: row.username,
      before: { oldKeyWorksUntil: toIso(row.previousKeyExpiresAt) },
      after: { oldKeyWorksUntil: null },
    });
    return getCredential(tx, id);
  });
  ctx.changed(id);
  return result;
}
