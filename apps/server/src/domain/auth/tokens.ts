import type { Repositories } from "../../db/repositories.ts";
import type { KeepToken } from "./repository.ts";
import { keyChecksum, TOKEN_BODY_LENGTH, TOKEN_PREFIX } from "@gatehouse/shared";
import { sha256 } from "../../lib/hash.ts";
import { randomBase62 } from "../../lib/random.ts";
import { tokenAuth, type AuthCache, type CredentialAuth, type TokenAuth } from "./cache.ts";

// The sliding expiry is written to the database at most this often per token, not per call.
const PERSIST_EVERY_MS = 60_000;

/**
 * Issues a token. On one instance it works at once from memory and reaches the database with
 * the next flush (at most a second later): a write per login would cost most of login's time.
 * A token lost to a crash is answered invalid_token, and clients log in again. With several
 * instances the cache writes it before this resolves (see AuthCache).
 */
export async function issueToken(cache: AuthCache, now: number, ttlMs: number, credential: CredentialAuth, keyHash: string, ip: string) {
  const token = newIntegrationToken();
  const row = { tokenHash: sha256(token), credentialId: credential.id, keyHash, ip, createdAt: now, expiresAt: tokenExpiry(now, ttlMs, credential) };
  await cache.issueToken(tokenAuth(row));
  return { token, expiresAt: row.expiresAt };
}

/** `gt_` + 256 random bits in base62 + checksum: recognisable in a leak, refusable unread (see isWellFormedToken). */
export function newIntegrationToken() {
  const body = randomBase62(TOKEN_BODY_LENGTH);
  return `${TOKEN_PREFIX}${body}${keyChecksum(body)}`;
}

/** A token lasts TOKEN_TTL_SECONDS after its last use, and never past its key's expiry. */
const tokenExpiry = (now: number, ttlMs: number, credential: CredentialAuth) => Math.min(now + ttlMs, credential.expiresAt ?? Number.POSITIVE_INFINITY);

/**
 * Slides the token's idle expiry forward (to its key's expiry at most); the database copy
 * follows at most once a minute, and the call does not wait for it. A write that fails is tried
 * again at the token's next call (meanwhile the database copy only expires a minute or so early).
 */
export function touchToken(repos: Repositories, token: TokenAuth, credential: CredentialAuth, now: number, ttlMs: number) {
  token.expiresAt = tokenExpiry(now, ttlMs, credential);
  if (token.expiresAt - token.persistedExpiresAt < PERSIST_EVERY_MS) return;
  const previous = token.persistedExpiresAt;
  token.persistedExpiresAt = token.expiresAt;
  repos.tokens.touch(token.tokenHash, token.expiresAt).catch(() => {
    token.persistedExpiresAt = previous;
  });
}

/**
 * Ends a token: refused here at once, and by other instances when `published` has told them of a
 * change to its credential (a Redis notice; PostgreSQL's change log also carries the delete).
 * Answers the token's credential, or null when no credential had it.
 */
export async function revokeToken(repos: Repositories, cache: AuthCache, tokenHash: string, published: (credentialId: string) => void) {
  const revoking = cache.revokingToken(tokenHash);
  try {
    if (revoking.unwritten) await repos.tokens.recordEnded([revoking.unwritten]);
    const credentialId = await repos.tokens.delete(tokenHash);
    if (credentialId !== null) published(credentialId);
    return credentialId ?? revoking.unwritten?.credentialId ?? null;
  } finally {
    revoking.deleted();
  }
}

/** Ends the tokens of a credential, or only those `keep` rejects (e.g. an address no longer allowed). */
export const revokeCredentialTokens = (repos: Repositories, credentialId: string, keep?: KeepToken) => repos.tokens.deleteOfCredential(credentialId, keep);

export const pruneExpiredTokens = (repos: Repositories, now: number) => repos.tokens.pruneExpired(now);
