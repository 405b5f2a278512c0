/**
 * API key format, like GitHub's tokens: a fixed prefix, a random base62 body and a 6-character
 * base62 CRC32 of the body. The checksum lets the server refuse mistyped or made-up keys before
 * any database work, and lets secret scanners recognise a leaked key by shape alone.
 */
export const KEY_PREFIX = "gk_";
export const KEY_CHECKSUM_LENGTH = 6;
export const KEY_MIN_LENGTH = 64;
export const KEY_MAX_LENGTH = 256;
export const KEY_DEFAULT_LENGTH = 64;
/** What the admin sees of a key after creation. */
export const KEY_DISPLAY_LENGTH = 8;

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i += 1) crc = (crcTable[(crc ^ text.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The 6-character checksum of a key body (62^6 > 2^32, so every CRC fits). */
export function keyChecksum(body: string): string {
  let value = crc32(body);
  let out = "";
  for (let i = 0; i < KEY_CHECKSUM_LENGTH; i += 1) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

const keyShape = /^gk_[0-9A-Za-z]+$/;

/** True when `key` has the Gatehouse key shape and its checksum matches; no secret is needed. */
export function isWellFormedKey(key: string): boolean {
  if (key.length < KEY_MIN_LENGTH || key.length > KEY_MAX_LENGTH || !keyShape.test(key)) return false;
  const body = key.slice(KEY_PREFIX.length, -KEY_CHECKSUM_LENGTH);
  return keyChecksum(body) === key.slice(-KEY_CHECKSUM_LENGTH);
}

/**
 * Integration tokens (what POST /login answers) have the same anatomy: `gt_`, 43 random base62
 * characters (256 bits) and the 6-character checksum, 52 characters in all. Secret scanners
 * match `gt_[0-9A-Za-z]{49}`; the server refuses a token whose checksum fails before any lookup.
 */
export const TOKEN_PREFIX = "gt_";
export const TOKEN_BODY_LENGTH = 43;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + TOKEN_BODY_LENGTH + KEY_CHECKSUM_LENGTH;

const tokenShape = /^gt_[0-9A-Za-z]{49}$/;

/** True when `token` has the integration token shape and its checksum matches. */
export function isWellFormedToken(token: string): boolean {
  if (token.length !== TOKEN_LENGTH || !tokenShape.test(token)) return false;
  return keyChecksum(token.slice(TOKEN_PREFIX.length, -KEY_CHECKSUM_LENGTH)) === token.slice(-KEY_CHECKSUM_LENGTH);
}

/**
 * Signing secrets (hmac-sha256 request signing) have the same anatomy again: `gs_`, 43 random
 * base62 characters (256 bits) and the checksum, 52 characters; scanners match `gs_[0-9A-Za-z]{49}`.
 * The HMAC key is the secret's text as ASCII bytes.
 */
export const SIGNING_SECRET_PREFIX = "gs_";

const signingSecretShape = /^gs_[0-9A-Za-z]{49}$/;

/** True when `secret` has the signing secret shape and its checksum matches. */
export function isWellFormedSigningSecret(secret: string): boolean {
  if (!signingSecretShape.test(secret)) return false;
  return keyChecksum(secret.slice(SIGNING_SECRET_PREFIX.length, -KEY_CHECKSUM_LENGTH)) === secret.slice(-KEY_CHECKSUM_LENGTH);
}
