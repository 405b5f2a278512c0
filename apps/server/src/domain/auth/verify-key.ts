import { isWellFormedKey } from "@gatehouse/shared";
import { DigestMemo, sameDigest, sha256 } from "../../lib/hash.ts";
import type { AuthCache, CredentialAuth } from "./cache.ts";

export type KeyCheck =
  | { ok: true; credential: CredentialAuth; keyHash: string }
  | { ok: false; credential: CredentialAuth | null; outcome: "unauthorized" | "disabled" | "expired" };

/** Whether `text` could be an API Username (3–20 of A–Z a–z 0–9 . _ -), checked before any lookup. */
export const isApiUsername = (text: string) => /^[A-Za-z0-9._-]{3,20}$/.test(text);

// Compared against when the username is unknown, so that failure costs what a wrong key costs.
const DECOY_HASH = sha256("gatehouse-decoy-key");

// Keys are up to 256 characters: at least 5,000 of them.
const goodKeys = new DigestMemo(4 * 1024 * 1024);

/**
 * Checks a username and key. A key with a bad checksum is refused without hashing it.
 * Otherwise unknown usernames, wrong keys, disabled and expired credentials all take the same
 * path (one lookup, one SHA-256, constant-time compares) and differ only in the outcome that
 * history records. A key that verified recently is not hashed again (DigestMemo); should it be
 * refused now, the hash is computed anyway, so that refusal takes what a wrong key's does.
 */
export function verifyKey(cache: AuthCache, username: string, key: string, now: number): KeyCheck | Promise<KeyCheck> {
  const remembered = goodKeys.get(key);
  const credential = cache.credentialByUsername(username);
  // A key whose checksum fails is not hashed, but its refusal is still recorded on the
  // credential it was sent for (an unknown username is looked up, and remembered, either way).
  const judge = remembered === undefined && !isWellFormedKey(key) ? malformedKey : (loaded: CredentialAuth | null) => judgeKey(loaded, key, remembered, now);
  // A cached credential is judged at once; one not cached yet, once it is loaded.
  return credential instanceof Promise ? credential.then(judge) : judge(credential);
}

const malformedKey = (credential: CredentialAuth | null): KeyCheck => ({ ok: false, credential, outcome: "unauthorized" });

function judgeKey(credential: CredentialAuth | null, key: string, remembered: string | undefined, now: number): KeyCheck {
  const presented = remembered ?? sha256(key);
  const current = sameDigest(presented, credential?.keyHash || DECOY_HASH);
  const previous =
    credential?.previousKeyHash != null &&
    credential.previousKeyExpiresAt !== null &&
    now < credential.previousKeyExpiresAt &&
    sameDigest(presented, credential.previousKeyHash);
  const refused = !credential || !(current || previous) ? "unauthorized" : refusal(credential, now);
  if (!credential || refused) {
    if (remembered !== undefined) sha256(key);
    return { ok: false, credential, outcome: refused ?? "unauthorized" };
  }
  if (remembered === undefined) goodKeys.remember(key, presented);
  return { ok: true, credential, keyHash: presented };
}

/** Why a credential may not be used right now, if it may not. */
export function refusal(credential: CredentialAuth, now: number): "disabled" | "expired" | null {
  if (credential.status !== "enabled") return "disabled";
  if (credential.expiresAt !== null && now >= credential.expiresAt) return "expired";
  return null;
}

/** Whether a token issued with `keyHash` still stands after any regeneration. */
export function keyStillValid(credential: CredentialAuth, keyHash: string, now: number): boolean {
  if (keyHash === credential.keyHash) return true;
  return keyHash === credential.previousKeyHash && credential.previousKeyExpiresAt !== null && now < credential.previousKeyExpiresAt;
}
