import { WRITE } from "../../db/client.ts";
import { gracePeriods, type GracePeriod, type IssuedKey } from "@gatehouse/shared";
import { eq } from "drizzle-orm";
import { credentials } from "../../db/schema/index.ts";
import { recordAuditSync } from "../audit.ts";
import { revokeCredentialTokensSync } from "../auth/tokens.ts";
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
export function regenerateKey(ctx: CredentialContext, id: string, grace: GracePeriod, keyLength?: number): IssuedKey {
  const result = ctx.db.transaction(() => {
    const row = liveCredentialRow(ctx.db, id);
    const issued = generateKey(keyLength);
    const graceMs = gracePeriods[grace] * 1000;
    const graceEnds = graceMs > 0 ? Math.min(ctx.now + graceMs, row.expiresAt ?? Number.POSITIVE_INFINITY) : null;
    const keepPrevious = graceEnds !== null && graceEnds > ctx.now;
    ctx.db
      .update(credentials)
      .set({
        keyHash: issued.hash,
        keyPrefix: issued.prefix,
        keyIssuedAt: ctx.now,
        previousKeyHash: keepPrevious ? row.keyHash : null,
        previousKeyExpiresAt: keepPrevious ? graceEnds : null,
        updatedAt: ctx.now,
      })
      .where(eq(credentials.id, id))
      .run();
    // Tokens logged in with the old key live on only through the grace period; older ones end now.
    revokeCredentialTokensSync(ctx.db, id, (token) => keepPrevious && token.keyHash === row.keyHash);
    const credential = getCredential(ctx.db, id);
    recordAuditSync(ctx.db, ctx.now, ctx.actor, {
      action: "credential.regenerate",
      targetType: "credential",
      targetId: id,
      targetName: row.username,
      before: { keyPrefix: row.keyPrefix },
      after: { keyPrefix: issued.prefix, grace, oldKeyWorksUntil: credential.previousKeyExpiresAt },
    });
    // The new key's display prefix only: the key itself is in this answer and nowhere else.
    raiseCredentialEvent(ctx, "credential.key_regenerated", credential, { key_prefix: issued.prefix, old_key_works_until: credential.previousKeyExpiresAt });
    return { credential, key: issued.key };
  }, WRITE);
  ctx.changed(id);
  return result;
}

/**
 * Stops the old key before its grace period ends, e.g. once every integration has moved to the
 * new key, or when the old one turns out to be leaked. Tokens it logged in are ended too, and the
 * auth cache is told, so the very next call with either is refused.
 */
export function endGracePeriod(ctx: CredentialContext, id: string) {
  const result = ctx.db.transaction(() => {
    const row = liveCredentialRow(ctx.db, id);
    const oldKey = row.previousKeyHash;
    if (oldKey === null || row.previousKeyExpiresAt === null || row.previousKeyExpiresAt <= ctx.now)
      throw new ApiError("conflict", `The old key of ${row.username} already stopped working`);
    ctx.db.update(credentials).set({ previousKeyHash: null, previousKeyExpiresAt: null, updatedAt: ctx.now }).where(eq(credentials.id, id)).run();
    revokeCredentialTokensSync(ctx.db, id, (token) => token.keyHash !== oldKey);
    recordAuditSync(ctx.db, ctx.now, ctx.actor, {
      action: "credential.end_grace",
      targetType: "credential",
      targetId: id,
      targetName: row.username,
      before: { oldKeyWorksUntil: toIso(row.previousKeyExpiresAt) },
      after: { oldKeyWorksUntil: null },
    });
    return getCredential(ctx.db, id);
  }, WRITE);
  ctx.changed(id);
  return result;
}
