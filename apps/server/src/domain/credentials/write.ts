import { WRITE } from "../../db/client.ts";
import {
  compileIpMatcher,
  type Credential,
  type IpEnforcement,
  type IssuedKey,
  type IssuedSigningSecret,
  type createCredentialSchema,
  type updateCredentialSchema,
} from "@gatehouse/shared";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { allowedIps, credentials } from "../../db/schema/index.ts";
import { ApiError } from "../../lib/api-error.ts";
import type { SecretBox } from "../../lib/secret-box.ts";
import { newId } from "../../lib/ids.ts";
import { revokeCredentialTokensSync } from "../auth/tokens.ts";
import { changedValues, recordAuditSync } from "../audit.ts";
import type { CredentialContext } from "./context.ts";
import { raiseCredentialEvent, raiseUpdateEvents } from "./events.ts";
import { generateKey } from "./keys.ts";
import { secretColumns, signingColumns, generateSigningSecret, type SigningInput } from "./signing.ts";
import { assertNotYetAllowed, assertUsernameFree, normalizeAllowedIps, parseExpiry } from "./rules.ts";
import { auditPicture, fullPicture, getCredential, ipDiff, liveCredentialRow } from "./views.ts";

/** "Used by" and IP enforcement may be left out by callers that set neither (the CLI, seeds, benches). */
type CreateInput = Omit<z.output<typeof createCredentialSchema>, "description" | "ipEnforcement"> & { description?: string; ipEnforcement?: IpEnforcement };
type UpdateInput = z.output<typeof updateCredentialSchema>;

function replaceAllowedIps(ctx: CredentialContext, credentialId: string, entries: { entry: string; note: string }[]) {
  ctx.db.delete(allowedIps).where(eq(allowedIps.credentialId, credentialId)).run();
  if (entries.length === 0) return;
  ctx.db
    .insert(allowedIps)
    .values(entries.map((ip, position) => ({ credentialId, position, entry: ip.entry, note: ip.note })))
    .run();
}

/** Creates a credential with a new key; the key is in the answer and nowhere else, ever. */
export function createCredential(ctx: CredentialContext, input: CreateInput): IssuedKey {
  const ips = normalizeAllowedIps(input.allowedIps);
  const expiresAt = parseExpiry(input.expiresAt, ctx.now);
  const issued = generateKey(input.keyLength);
  const id = newId("cred");
  const signing = input.signing ? signingColumns(id, input.signing, null, secretsOf(ctx)) : null;
  const credential = ctx.db.transaction(() => {
    assertUsernameFree(ctx.db, input.username);
    ctx.db
      .insert(credentials)
      .values({
        id,
        username: input.username,
        keyHash: issued.hash,
        keyPrefix: issued.prefix,
        keyIssuedAt: ctx.now,
        status: input.status,
        scopes: input.scopes,
        expiresAt,
        rateLimit: input.rateLimit,
        description: input.description ?? "",
        ipEnforcement: input.ipEnforcement ?? "enforce",
        ...signing?.columns,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .run();
    replaceAllowedIps(ctx, id, ips);
    const created = getCredential(ctx.db, id);
    recordAuditSync(ctx.db, ctx.now, ctx.actor, {
      action: "credential.create",
      targetType: "credential",
      targetId: id,
      targetName: created.username,
      after: fullPicture(created),
    });
    raiseCredentialEvent(ctx, "credential.created", created);
    return created;
  }, WRITE);
  ctx.changed(id);
  return { credential, key: issued.key, ...(signing?.secret ? { signingSecret: signing.secret } : {}) };
}

const secretsOf = (ctx: CredentialContext): SecretBox => {
  if (!ctx.secrets) throw new Error("this change needs the server key (CredentialContext.secrets)");
  return ctx.secrets;
};

/** Sets a key's request signing (audited like every change); answers the signing secret when one was made. */
export function setSigning(ctx: CredentialContext, id: string, input: SigningInput): { credential: Credential; signingSecret?: string } {
  let secret: string | null = null;
  const credential = changeColumns(ctx, id, () => {
    const signing = signingColumns(id, input, liveCredentialRow(ctx.db, id), secretsOf(ctx));
    secret = signing.secret;
    return signing.columns;
  });
  return secret ? { credential, signingSecret: secret } : { credential };
}

/** A new hmac signing secret for a key that signs with hmac-sha256; the old one stops working at once. */
export function regenerateSigningSecret(ctx: CredentialContext, id: string): IssuedSigningSecret {
  const signingSecret = generateSigningSecret();
  const credential = changeColumns(ctx, id, (before) => {
    if (before.signing.alg !== "hmac-sha256")
      throw new ApiError("conflict", "This API key does not sign with hmac-sha256: choose that algorithm under Request signing first");
    return secretColumns(id, signingSecret, secretsOf(ctx));
  });
  return { credential, signingSecret };
}

/**
 * Writes columns worked out from the credential as it is, in one write transaction with the
 * audit entry and the webhook event, then tells the caches.
 */
function changeColumns(ctx: CredentialContext, id: string, columnsOf: (before: Credential) => Partial<typeof credentials.$inferInsert>): Credential {
  const credential = ctx.db.transaction(() => {
    const before = getCredential(ctx.db, id);
    ctx.db
      .update(credentials)
      .set({ ...columnsOf(before), updatedAt: ctx.now })
      .where(eq(credentials.id, id))
      .run();
    const after = getCredential(ctx.db, id);
    auditUpdate(ctx, before, after);
    raiseUpdateEvents(ctx, before, after);
    return after;
  }, WRITE);
  ctx.changed(id);
  return credential;
}

/** Changes settings and/or replaces the allowed IPs, atomically, auditing before → after. */
export function updateCredential(ctx: CredentialContext, id: string, input: UpdateInput): Credential {
  const ips = input.allowedIps === undefined ? undefined : normalizeAllowedIps(input.allowedIps);
  const credential = ctx.db.transaction(() => {
    const before = getCredential(ctx.db, id);
    if (input.username !== undefined) assertUsernameFree(ctx.db, input.username, id);
    const expiresAt = input.expiresAt === undefined ? undefined : parseExpiry(input.expiresAt, ctx.now);
    ctx.db
      .update(credentials)
      .set({
        updatedAt: ctx.now,
        ...(input.username === undefined ? {} : { username: input.username }),
        ...(input.status === undefined ? {} : { status: input.status }),
        ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
        ...(input.rateLimit === undefined ? {} : { rateLimit: input.rateLimit }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.ipEnforcement === undefined ? {} : { ipEnforcement: input.ipEnforcement }),
      })
      .where(eq(credentials.id, id))
      .run();
    if (ips) replaceAllowedIps(ctx, id, ips);
    const after = getCredential(ctx.db, id);
    endStaleTokens(ctx, before, after);
    auditUpdate(ctx, before, after);
    raiseUpdateEvents(ctx, before, after);
    return after;
  }, WRITE);
  ctx.changed(id);
  return credential;
}

/**
 * Disabling ends every token; a shorter allow-list, or the switch to Enforce, ends the tokens of
 * addresses the list does not hold. In Report only every address is served, so none ends.
 */
function endStaleTokens(ctx: CredentialContext, before: Credential, after: Credential) {
  if (after.status === "disabled") return revokeCredentialTokensSync(ctx.db, after.id);
  if (after.ipEnforcement === "report") return;
  if (before.ipEnforcement === "enforce" && JSON.stringify(before.allowedIps) === JSON.stringify(after.allowedIps)) return;
  const allowed = compileIpMatcher(after.allowedIps.map((ip) => ip.entry));
  revokeCredentialTokensSync(ctx.db, after.id, (token) => allowed.allows(token.ip));
}

function auditUpdate(ctx: CredentialContext, before: Credential, after: Credential) {
  const target = { targetType: "credential" as const, targetId: after.id, targetName: after.username };
  if (before.status !== after.status) {
    recordAuditSync(ctx.db, ctx.now, ctx.actor, {
      ...target,
      action: after.status === "enabled" ? "credential.enable" : "credential.disable",
      before: { status: before.status },
      after: { status: after.status },
    });
  }
  const { status: _beforeStatus, ...settingsBefore } = auditPicture(before);
  const { status: _afterStatus, ...settingsAfter } = auditPicture(after);
  const settings = changedValues(settingsBefore, settingsAfter);
  if (Object.keys(settings.after).length > 0) recordAuditSync(ctx.db, ctx.now, ctx.actor, { ...target, action: "credential.update", ...settings });
  // A diff, not both lists: one press of "Allow this IP" on a full list wrote 30 KB.
  const ips = ipDiff(before.allowedIps, after.allowedIps);
  if (ips.added.length + ips.removed.length > 0)
    recordAuditSync(ctx.db, ctx.now, ctx.actor, { ...target, action: "allowed_ips.replace", before: null, after: ips });
}

/**
 * Appends one address (e.g. a refused one, from its history row) to the allowed IPs; refused
 * when the list already allows it or is full. Synchronous from read to write, so parallel
 * presses cannot interleave.
 */
export function allowAddress(ctx: CredentialContext, id: string, entry: string, note: string): Credential {
  const current = getCredential(ctx.db, id);
  assertNotYetAllowed(current.allowedIps, entry);
  return updateCredential(ctx, id, { allowedIps: [...current.allowedIps, { entry, note }] });
}

export const setCredentialStatus = (ctx: CredentialContext, id: string, status: "enabled" | "disabled") => updateCredential(ctx, id, { status });

/** Soft delete: the key and allowed IPs go, the row stays (marked deleted) for its history. */
export function deleteCredential(ctx: CredentialContext, id: string) {
  ctx.db.transaction(() => {
    const before = getCredential(ctx.db, id);
    ctx.db
      .update(credentials)
      .set({
        deletedAt: ctx.now,
        updatedAt: ctx.now,
        keyHash: null,
        previousKeyHash: null,
        previousKeyExpiresAt: null,
        signingSecret: null,
        status: "disabled",
      })
      .where(eq(credentials.id, id))
      .run();
    replaceAllowedIps(ctx, id, []);
    revokeCredentialTokensSync(ctx.db, id);
    recordAuditSync(ctx.db, ctx.now, ctx.actor, {
      action: "credential.delete",
      targetType: "credential",
      targetId: id,
      targetName: before.username,
      before: fullPicture(before),
    });
    raiseCredentialEvent(ctx, "credential.deleted", before);
  }, WRITE);
  ctx.changed(id);
}

export { liveCredentialRow };
