import { isWellFormedToken, type Scope } from "@gatehouse/shared";
import type { Context } from "hono";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { ApiError } from "../../lib/api-error.ts";
import { DigestMemo, sha256 } from "../../lib/hash.ts";
import { retryAfterSeconds } from "../../lib/limiter.ts";
import type { CredentialAuth, TokenAuth } from "../../domain/auth/cache.ts";
import type { Caller } from "./guard.ts";
import { touchToken } from "../../domain/auth/tokens.ts";
import { checkKey, type Claimant, type KeyAccepted, countFailure, ipNotAllowed, unauthorized } from "../../domain/auth/check-key.ts";
import { isApiUsername, keyStillValid, refusal } from "../../domain/auth/verify-key.ts";
import {
  checkSignatureOf,
  claimedKeyid,
  invalidSignature,
  readProfileSignature,
  signatureVerified,
  verifyProfileSignature,
} from "../../domain/auth/signed-request.ts";
import { messageOf } from "./signature.ts";
import { requestHeader } from "../../lib/request-header.ts";

// About 13,000 tokens (300 bytes each with the map's own share).
const goodTokens = new DigestMemo(4 * 1024 * 1024);

const invalidToken = (message: string) => new ApiError("invalid_token", message, { outcome: "invalid_token" });

/**
 * Who is calling: from `Authorization: Bearer <token>` or `Basic base64(username:key)`, or from an
 * RFC 9421 signature alone (Signature-Input with keyid = API Username) when there is neither.
 * A key whose signing is Off costs the hot path one comparison: its signature headers are not read.
 * Every call re-checks status, expiry, token binding and the allow-list. A good token is
 * or key is answered synchronously (no promise, no extra turn of the microtask queue on the hot
 * path); refusals that count against the address, and signatures alone, are asynchronous.
 */
export function authenticate<E extends IntegrationEnv>(deps: AppDeps, c: Context<E>): Caller | Promise<Caller> {
  const header = requestHeader(c, "authorization") ?? "";
  const space = header.indexOf(" ");
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  const ip = c.get("clientIp");
  const now = deps.clock();
  if (space === -1 || value === "" || (scheme !== "bearer" && scheme !== "basic")) {
    if (header === "" && c.req.header("signature-input") !== undefined) return authenticateSigned(deps, c, ip, now);
    throw new ApiError("unauthorized", "Unauthorized: send Authorization: Bearer <token> (from POST /api/v1/login), Basic credentials or a signature", {
      outcome: "unauthorized",
    });
  }

  if (scheme === "basic") return authenticateBasic(deps, c, ip, value);

  // A token that authenticated recently is found by its text; any other whose checksum fails is
  // refused before it is hashed or looked up.
  const remembered = goodTokens.get(value);
  const tokenHash = remembered ?? (isWellFormedToken(value) ? sha256(value) : null);
  const token = tokenHash === null ? null : deps.authCache.token(tokenHash);
  // The text to remember once it authenticates, if it is not remembered yet.
  const toRemember = remembered === undefined ? value : null;
  // Not cached: checked the same way once loaded. The cached path stays synchronous.
  if (token instanceof Promise) return token.then((loaded) => authenticateToken(deps, c, ip, now, tokenHash, loaded, toRemember));
  return authenticateToken(deps, c, ip, now, tokenHash, token, toRemember);
}

function authenticateToken<E extends IntegrationEnv>(
  deps: AppDeps,
  c: Context<E>,
  ip: string,
  now: number,
  tokenHash: string | null,
  token: TokenAuth | null,
  toRemember: string | null,
): Caller | Promise<Caller> {
  if (!token || token.expiresAt <= now) return refuseUnknownToken(deps, c, ip, now, tokenHash, token);
  c.set("credentialId", token.credentialId);
  const credential = deps.authCache.credentialById(token.credentialId);
  if (credential instanceof Promise) return credential.then((loaded) => checkToken(deps, c, ip, now, token, loaded, toRemember));
  return checkToken(deps, c, ip, now, token, credential, toRemember);
}

function checkToken<E extends IntegrationEnv>(
  deps: AppDeps,
  c: Context<E>,
  ip: string,
  now: number,
  token: TokenAuth,
  credential: CredentialAuth | null,
  toRemember: string | null,
): Caller {
  if (!credential) throw invalidToken("The token is not valid or has expired. Log in again.");
  const refused = refusal(credential, now);
  if (refused) throw unauthorized(refused);
  if (token.ip !== ip) throw invalidToken(`This token was issued to another address. Log in again from ${ip}.`);
  if (!keyStillValid(credential, token.keyHash, now)) throw invalidToken("The key this token was issued for has been replaced. Log in with the new key.");
  if (!credential.allowedIps.allows(ip)) {
    if (!credential.ipReportOnly) throw ipNotAllowed(ip);
    c.set("outcome", "ip_not_listed");
  }
  const signature = credential.signing === null ? null : checkSignatureOf(messageOf(c), credential, credential.signing, now);
  touchToken(deps.store.repos, token, credential, now, deps.config.TOKEN_TTL_SECONDS * 1000);
  if (toRemember !== null) goodTokens.remember(toRemember, token.tokenHash);
  return { credential, token, signature, keyHash: token.keyHash };
}

/** Synchronous for a good, cached key; a key not cached yet, or a refusal that counts against the address, is a promise. */
function authenticateBasic<E extends IntegrationEnv>(deps: AppDeps, c: Context<E>, ip: string, value: string): Caller | Promise<Caller> {
  const decoded = basicText(value);
  const colon = decoded.indexOf(":");
  const username = colon === -1 ? "" : decoded.slice(0, colon);
  const check = checkKey(deps, ip, username, decoded.slice(colon + 1), (who) => identify(c, who));
  if (check instanceof Promise) return check.then((accepted) => basicCaller(deps, c, accepted));
  return basicCaller(deps, c, check);
}

/**
 * The `username:key` text of a Basic value. `atob` costs a third of what Buffer's decoding does
 * (0.08 against 0.27 µs); it answers a character per byte, which for usernames and keys (ASCII
 * only) is their UTF-8 too, and any other byte fails their checks either way. What `atob`
 * refuses (bad padding, stray characters) is read by Buffer, which decodes what it can.
 */
function basicText(value: string) {
  try {
    return atob(value);
  } catch {
    return Buffer.from(value, "base64").toString("utf8");
  }
}

function basicCaller<E extends IntegrationEnv>(deps: AppDeps, c: Context<E>, check: KeyAccepted): Caller {
  const { credential } = check;
  const signature = credential.signing === null ? null : checkSignatureOf(messageOf(c), credential, credential.signing, deps.clock());
  if (check.notListed) c.set("outcome", "ip_not_listed");
  return { credential, token: null, signature, keyHash: check.keyHash };
}

/**
 * A call with a signature and no other credentials: the keyid names the key, whose signing must
 * be Optional or Required; status, expiry and the allow-list apply as for Basic. A failed
 * signature counts against the address like a wrong key.
 */
async function authenticateSigned<E extends IntegrationEnv>(deps: AppDeps, c: Context<E>, ip: string, now: number): Promise<Caller> {
  const message = messageOf(c);
  let parsed;
  try {
    parsed = readProfileSignature(message);
  } catch (error) {
    await refuseUnreadable(deps, c, ip, claimedKeyid(message));
    throw error;
  }
  if (!parsed) throw invalidSignature("signature_missing", "send Signature-Input and Signature");
  if (!isApiUsername(parsed.keyid)) {
    await countFailure(deps, ip, null);
    throw invalidSignature("signature_invalid", "keyid must be an API Username");
  }
  const credential = await deps.authCache.credentialByUsername(parsed.keyid);
  identify(c, credential ? { credentialId: credential.id } : { attemptedUsername: parsed.keyid });
  if (!credential || credential.signing === null) {
    await countFailure(deps, ip, parsed.keyid);
    throw invalidSignature("signature_invalid", "no API key with request signing switched on has this keyid");
  }
  let signature;
  try {
    signature = verifyProfileSignature(message, parsed, credential.id, credential.signing, now);
    // A signature alone is who the caller is: nothing more is said (not even a disabled key)
    // before it verifies.
    await signatureVerified(signature);
  } catch (error) {
    await countFailure(deps, ip, parsed.keyid);
    throw error;
  }
  const refused = refusal(credential, now);
  if (refused) throw unauthorized(refused);
  if (!credential.allowedIps.allows(ip)) {
    if (!credential.ipReportOnly) throw ipNotAllowed(ip);
    c.set("outcome", "ip_not_listed");
  }
  return { credential, token: null, signature, keyHash: null };
}

/** A signature refused for its form: recorded on the key its keyid names (if one does), and counted as a wrong key. */
async function refuseUnreadable<E extends IntegrationEnv>(deps: AppDeps, c: Context<E>, ip: string, keyid: string | null) {
  if (keyid === null || !isApiUsername(keyid)) return countFailure(deps, ip, null);
  const credential = await deps.authCache.credentialByUsername(keyid);
  identify(c, credential ? { credentialId: credential.id } : { attemptedUsername: keyid });
  await countFailure(deps, ip, keyid);
}

/**
 * A token that is not valid. One this server issued that expired, or was ended early (disabled
 * or re-keyed credential, changed allow-list, logout, sent in a URL), is recorded on its
 * credential and refused as the credential's state refuses it now (disabled, expired, not
 * allowed from this address) or as invalid: a stolen token's calls stay in the key's History
 * after the admin acts. Such a token is no guess, so it does not count against the address, and
 * it is answered so even while the address is throttled: an integration behind a shared proxy
 * learns to log in again, not to wait out its neighbours' failures (an API review). Any other
 * token counts against the address like a wrong key.
 */
async function refuseUnknownToken<E extends IntegrationEnv>(
  deps: AppDeps,
  c: Context<E>,
  ip: string,
  now: number,
  tokenHash: string | null,
  expired: TokenAuth | null,
): Promise<never> {
  // An ended token's credential is read from the database: the process that ended it (the CLI,
  // another instance) changed the credential too, and this instance's copy may not know yet.
  const endedOf = expired === null && tokenHash !== null ? await deps.store.repos.tokens.endedFor(tokenHash) : null;
  if (expired === null && endedOf === null) await countFailure(deps, ip, null);
  // A deleted credential is not found: its calls stay store-wide, as an unknown token's.
  const credential = expired
    ? await deps.authCache.credentialById(expired.credentialId)
    : endedOf === null
      ? null
      : await deps.authCache.currentCredentialById(endedOf);
  if (credential) {
    c.set("credentialId", credential.id);
    const refused = refusal(credential, now);
    if (refused) throw unauthorized(refused);
    if (!credential.ipReportOnly && !credential.allowedIps.allows(ip)) throw ipNotAllowed(ip);
  }
  throw invalidToken("The token is not valid or has expired. Log in again.");
}

/** Notes who a call claimed to be, for its history row. */
export function identify<E extends IntegrationEnv>(c: Context<E>, who: Claimant) {
  if ("credentialId" in who) c.set("credentialId", who.credentialId);
  else c.set("attemptedUsername", who.attemptedUsername);
}

export function requireScope(credential: CredentialAuth, scope: Scope | null) {
  if (scope && !credential.scopes.has(scope)) {
    throw new ApiError("insufficient_scope", `This API key lacks the ${scope} permission. An admin can grant it on the key's General tab.`, {
      outcome: "insufficient_scope",
    });
  }
}

/** Counts the call against the credential's own limit and sets the RateLimit-* headers. */
export async function enforceRateLimit<E extends IntegrationEnv>(deps: AppDeps, c: Context<E>, credential: CredentialAuth) {
  if (credential.rateLimit === null) return;
  const state = await deps.limits.perCredential(credential.rateLimit).hit(credential.id);
  const reset = String(retryAfterSeconds(state));
  const headers = c.get("replyHeaders");
  headers["ratelimit-limit"] = String(state.limit);
  headers["ratelimit-remaining"] = String(state.remaining);
  headers["ratelimit-reset"] = reset;
  if (!state.allowed) {
    throw new ApiError("rate_limited", `This API key is limited to ${state.limit} requests per minute. Retry after ${reset} seconds.`, {
      outcome: "rate_limited",
      headers: { "retry-after": reset, "ratelimit-limit": String(state.limit), "ratelimit-remaining": "0", "ratelimit-reset": reset },
    });
  }
}
