import {
  compileIpMatcher,
  type Credential,
  type IpEnforcement,
  type IssuedKey,
  type IssuedSigningSecret,
  type createCredentialSchema,
  type updateCredentialSchema,
} from "@gatehouse/shared";
import type { z } from "zod";
import type { Repositories } from "../../db/repositories.ts";
import { ApiError } from "../../lib/api-error.ts";
import type { SecretBox } from "../../lib/secret-box.ts";
import { newId } from "../../lib/ids.ts";
import { revokeCredentialTokens } from "../auth/tokens.ts";
import { changedValues } from "../audit.ts";
import type { CredentialContext } from "./context.ts";
import { raiseCredentialEvent, raiseUpdateEvents } from "./events.ts";
import { generateKey } from "./keys.ts";
import type { CredentialChange } from "./repository.ts";
import { secretColumns, signingColumns, generateSigningSecret, type SigningInput } from "./signing.ts";
import { assertListUnchanged, assertNotYetAllowed, assertUsernameFree, normalizeAllowedIps, parseExpiry } from "./rules.ts";
import { auditPicture, fullPicture, getCredential, ipDiff, liveCredentialRow } from "./views.ts";

/** "Used by" and IP enforcement may be left out by callers that set neither (the CLI, seeds, benches). */
type CreateInput = Omit<z.output<typeof createCredentialSchema>, "description" | "ipEnforcement"> & { description?: string; ipEnforcement?: IpEnforcement };
type UpdateInput = z.output<typeof updateCredentialSchema>;

/**
 * Runs one change of credential `id` in one transaction (read before, write, read after, audit,
 * event, tokens), then tells the caches: only once it committed, as PostgreSQL may run it again.
 */
async function changing<T>(ctx: CredentialContext, id: string, unit: (tx: Repositories) => Promise<T>): Promise<T> {
  const result = await ctx.repos.transaction(unit);
  ctx.changed(id);
  return result;
}

/** Creates a credential with a new key; the key is in the answer and nowhere else, ever. */
export async function createCredential(ctx: CredentialContext, input: CreateInput): Promise<IssuedKey> {
  const ips = normalizeAllowedIps(input.allowedIps);
  const expiresAt = parseExpiry(input.expiresAt, ctx.now);
  const issued = generateKey(input.keyLength);
  const id = newId("cred");
  const signing = input.signing ? signingColumns(id, input.signing, null, secretsOf(ctx)) : null;
  const credential = await changing(ctx, id, async (tx) => {
    await assertUsernameFree(tx, input.username);
    await tx.credentials.insert({
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
      signingMode: "off",
      signingAlg: null,
      signingPublicKey: null,
      signingSecret: null,
      signingSecretPrefix: null,
      ...signing?.columns,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await tx.credentials.replaceAllowedIps(id, ips);
    const created = await getCredential(tx, id);
    await tx.audit.record(ctx.now, ctx.actor, {
      action: "credential.create",
      targetType: "credential",
      targetId: id,
      targetName: created.username,
      after: fullPicture(created),
    });
    await raiseCredentialEvent(tx, ctx, "credential.created", created);
    return created;
  });
  return { credential, key: issued.key, ...(signing?.secret ? { signingSecret: signing.secret } : {}) };
}

const secretsOf = (ctx: CredentialContext): SecretBox => {
  if (!ctx.secrets) throw new Error("this change needs the server key (CredentialContext.secrets)");
  return ctx.secrets;
};

/** Sets a key's request signing (audited like every change); answers the signing secret when one was made. */
export async function setSigning(ctx: CredentialContext, id: string, input: SigningInput): Promise<{ credential: Credential; signingSecret?: string }> {
  let secret: string | null = null;
  const credential = await changeColumns(ctx, id, async (tx) => {
    const signing = signingColumns(id, input, await liveCredentialRow(tx, id), secretsOf(ctx));
    secret = signing.secret;
    return signing.columns;
  });
  return secret ? { credential, signingSecret: secret } : { credential };
}

/** A new hmac signing secret for a key that signs with hmac-sha256; the old one stops working at once. */
export async function regenerateSigningSecret(ctx: CredentialContext, id: string): Promise<IssuedSigningSecret> {
  const signingSecret = generateSigningSecret();
  const credential = await changeColumns(ctx, id, async (_tx, before) => {
    if (before.signing.alg !== "hmac-sha256")
      throw new ApiError("conflict", "This API key does not sign with hmac-sha256: choose that algorithm under Request signing first");
    return secretColumns(id, signingSecret, secretsOf(ctx));
  });
  return { credential, signingSecret };
}

/** Writes columns worked out from the credential as it is, with the audit entry and the webhook event. */
function changeColumns(
  ctx: CredentialContext,
  id: string,
  columnsOf: (tx: Repositories, before: Credential) => Promise<CredentialChange>,
): Promise<Credential> {
  return changing(ctx, id, async (tx) => {
    const before = await getCredential(tx, id);
    await tx.credentials.update(id, { ...(await columnsOf(tx, before)), updatedAt: ctx.now });
    const after = await getCredential(tx, id);
    await auditUpdate(tx, ctx, before, after);
    await raiseUpdateEvents(tx, ctx, before, after);
    return after;
  });
}

/** Changes settings and/or replaces the allowed IPs, atomically, auditing before → after. */
export function updateCredential(ctx: CredentialContext, id: string, input: UpdateInput): Promise<Credential> {
  const ips = input.allowedIps === undefined ? undefined : normalizeAllowedIps(input.allowedIps);
  return changing(ctx, id, (tx) => updateIn(tx, ctx, id, input, ips));
}

/** The update itself, inside the caller's transaction `tx`. */
async function updateIn(
  tx: Repositories,
  ctx: CredentialContext,
  id: string,
  input: UpdateInput,
  ips?: { entry: string; note: string }[],
): Promise<Credential> {
  const before = await getCredential(tx, id);
  if (input.allowedIpsBase !== undefined) assertListUnchanged(before.allowedIps, input.allowedIpsBase);
  if (input.username !== undefined) await assertUsernameFree(tx, input.username, id);
  const expiresAt = input.expiresAt === undefined ? undefined : parseExpiry(input.expiresAt, ctx.now);
  await tx.credentials.update(id, {
    updatedAt: ctx.now,
    ...(input.username === undefined ? {} : { username: input.username }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(input.rateLimit === undefined ? {} : { rateLimit: input.rateLimit }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.ipEnforcement === undefined ? {} : { ipEnforcement: input.ipEnforcement }),
  });
  if (ips) await tx.credentials.replaceAllowedIps(id, ips);
  const after = await getCredential(tx, id);
  await endStaleTokens(tx, ctx.now, before, after);
  await auditUpdate(tx, ctx, before, after);
  await raiseUpdateEvents(tx, ctx, before, after);
  return after;
}

/**
 * Disabling ends every token, and so do enabling and a new expiry for a key that has expired:
 * tokens were refused as the key's, and must not work again because the key does. A shorter
 * allow-list, or the switch to Enforce, ends the tokens of addresses the list does not hold. In
 * Report only every address is served, so none ends.
 *
 * Ending them again as the key comes back matters on PostgreSQL with several instances: a login
 * answered while a disable (or a removal of its address) commits writes a token the change's
 * delete cannot see. It is refused while the key is disabled (or the address missing), and ended
 * here before either comes back; a token of an address the list did not hold was such a one.
 */
async function endStaleTokens(tx: Repositories, now: number, before: Credential, after: Credential) {
  if (after.status === "disabled" || before.status === "disabled") return revokeCredentialTokens(tx, after.id);
  const hadExpired = before.expiresAt !== null && Date.parse(before.expiresAt) <= now;
  if (hadExpired && after.expiresAt !== before.expiresAt) return revokeCredentialTokens(tx, after.id);
  if (after.ipEnforcement === "report") return;
  if (before.ipEnforcement === "enforce" && JSON.stringify(before.allowedIps) === JSON.stringify(after.allowedIps)) return;
  const allowed = compileIpMatcher(after.allowedIps.map((ip) => ip.entry));
  const allowedBefore = before.ipEnforcement === "report" ? null : compileIpMatcher(before.allowedIps.map((ip) => ip.entry));
  await revokeCredentialTokens(tx, after.id, (token) => allowed.allows(token.ip) && (allowedBefore === null || allowedBefore.allows(token.ip)));
}

async function auditUpdate(tx: Repositories, ctx: CredentialContext, before: Credential, after: Credential) {
  const target = { targetType: "credential" as const, targetId: after.id, targetName: after.username };
  if (before.status !== after.status) {
    await tx.audit.record(ctx.now, ctx.actor, {
      ...target,
      action: after.status === "enabled" ? "credential.enable" : "credential.disable",
      before: { status: before.status },
      after: { status: after.status },
    });
  }
  const { status: _beforeStatus, ...settingsBefore } = auditPicture(before);
  const { status: _afterStatus, ...settingsAfter } = auditPicture(after);
  const settings = changedValues(settingsBefore, settingsAfter);
  if (Object.keys(settings.after).length > 0) await tx.audit.record(ctx.now, ctx.actor, { ...target, action: "credential.update", ...settings });
  // A diff, not both lists: one press of "Allow this IP" on a full list wrote 30 KB.
  const ips = ipDiff(before.allowedIps, after.allowedIps);
  if (ips.added.length + ips.removed.length > 0)
    await tx.audit.record(ctx.now, ctx.actor, { ...target, action: "allowed_ips.replace", before: null, after: ips });
}

/**
 * Appends one address (e.g. a refused one, from its history row) to the allowed IPs; refused
 * when the list already allows it or is full. Read and write are one transaction, so parallel
 * presses (from any instance) add it once and the others are told it is already allowed.
 */
export const allowAddress = (ctx: CredentialContext, id: string, entry: string, note: string): Promise<Credential> =>
  changing(ctx, id, (tx) => allowAddressIn(tx, ctx, id, entry, note));

/** The append itself, inside the caller's transaction `tx`. */
export async function allowAddressIn(tx: Repositories, ctx: CredentialContext, id: string, entry: string, note: string): Promise<Credential> {
  const current = await getCredential(tx, id);
  assertNotYetAllowed(current.allowedIps, entry);
  const ips = normalizeAllowedIps([...current.allowedIps, { entry, note }]);
  return updateIn(tx, ctx, id, { allowedIps: ips }, ips);
}

export const setCredentialStatus = (ctx: CredentialContext, id: string, status: "enabled" | "disabled") => updateCredential(ctx, id, { status });

/** The status change itself, inside the caller's transaction `tx` (bulk actions). */
export const setStatusIn = (tx: Repositories, ctx: CredentialContext, id: string, status: "enabled" | "disabled") => updateIn(tx, ctx, id, { status });

/** Soft delete: the key and allowed IPs go, the row stays (marked deleted) for its history. */
export const deleteCredential = (ctx: CredentialContext, id: string): Promise<void> => changing(ctx, id, (tx) => deleteIn(tx, ctx, id));

/** The delete itself, inside the caller's transaction `tx`. */
export async function deleteIn(tx: Repositories, ctx: CredentialContext, id: string) {
  const before = await getCredential(tx, id);
  await tx.credentials.update(id, {
    deletedAt: ctx.now,
    updatedAt: ctx.now,
    keyHash: null,
    previousKeyHash: null,
    previousKeyExpiresAt: null,
    signingSecret: null,
    status: "disabled",
  });
  await tx.credentials.replaceAllowedIps(id, []);
  await revokeCredentialTokens(tx, id);
  await tx.audit.record(ctx.now, ctx.actor, {
    action: "credential.delete",
    targetType: "credential",
    targetId: id,
    targetName: before.username,
    before: fullPicture(before),
  });
  await raiseCredentialEvent(tx, ctx, "credential.deleted", before);
}
