import { hash, type KeyObject, timingSafeEqual } from "node:crypto";
import { parseDictionary } from "structured-headers";
import { ApiError } from "../../lib/api-error.ts";
import {
  type MessageSignature,
  readSignatures,
  SignatureFormatError,
  type SignedMessage,
  signatureBase,
  verifyEd25519Async,
  verifySignatureBytes,
} from "../../lib/http-signature.ts";

/** A key's signing as the auth path needs it; null on keys whose signing is Off. */
export type SigningAuth = { required: boolean; alg: "ed25519" | "hmac-sha256"; key: KeyObject };

/**
 * What is left to check of a signature once the body has been read: its digest and its nonce and,
 * for ed25519, the verification running on the thread pool (awaited before either).
 */
export type PendingSignature = { credentialId: string; nonce: string; digest: Buffer | null; verified: Promise<boolean> | null };

const doesNotMatch = () => invalidSignature("signature_invalid", "the signature does not match the request (see the signature base in the API reference)");

export type SignatureRefusal = "signature_missing" | "signature_invalid" | "signature_expired" | "nonce_reused" | "digest_mismatch";

export const PROFILE_TAG = "gatehouse-v1";
export const CREATED_TOLERANCE_SECONDS = 300;
/**
 * A nonce is remembered for longer than any one signature can be accepted: `created` may be up
 * to 300 s ahead of the clock and is then accepted until 300 s after it, 600 s and the part of a
 * second `created` leaves out. At exactly 600 s a replay a second later passed once the nonce had
 * been forgotten (a review's find).
 */
export const NONCE_TTL_SECONDS = 2 * CREATED_TOLERANCE_SECONDS + 2;
const requiredComponents = ["@method", "@authority", "@path", "@query"];
const nonceShape = /^[A-Za-z0-9+/=_.~-]{22,128}$/;

/** 401 invalid_signature, naming the reason in the message and as the history outcome. */
export const invalidSignature = (reason: SignatureRefusal, detail: string) =>
  new ApiError("invalid_signature", `Invalid signature (${reason}): ${detail}`, { outcome: reason });

/** A message has a body when it says so; GET and HEAD never do. */
const hasBody = (message: SignedMessage) =>
  message.method !== "GET" &&
  message.method !== "HEAD" &&
  ((message.header("content-length") ?? "0") !== "0" || message.header("transfer-encoding") !== undefined);

/** The call's gatehouse-v1 signature with its keyid, or null when it sends no Signature-Input. */
export type ProfileSignature = MessageSignature & { keyid: string; nonce: string; created: number; expires: number | null; alg: string };

export function readProfileSignature(message: SignedMessage): ProfileSignature | null {
  const input = message.header("signature-input");
  if (input === undefined) return null;
  let signatures;
  try {
    signatures = readSignatures(input, message.header("signature"));
  } catch (error) {
    if (error instanceof SignatureFormatError) throw invalidSignature("signature_invalid", error.message);
    throw error;
  }
  const signature = signatures.find((candidate) => candidate.params.get("tag") === PROFILE_TAG);
  if (!signature) throw invalidSignature("signature_invalid", `no signature has tag="${PROFILE_TAG}"`);
  const { params } = signature;
  const keyid = params.get("keyid");
  const nonce = params.get("nonce");
  const created = params.get("created");
  const expires = params.get("expires");
  const alg = params.get("alg");
  if (typeof keyid !== "string" || keyid === "") throw invalidSignature("signature_invalid", "keyid (the API Username) is missing");
  if (typeof alg !== "string") throw invalidSignature("signature_invalid", 'alg ("ed25519" or "hmac-sha256") is missing');
  if (typeof created !== "number" || !Number.isInteger(created)) throw invalidSignature("signature_invalid", "created (a Unix time in seconds) is missing");
  if (expires !== undefined && (typeof expires !== "number" || !Number.isInteger(expires)))
    throw invalidSignature("signature_invalid", "expires must be a Unix time in seconds");
  if (typeof nonce !== "string" || !nonceShape.test(nonce))
    throw invalidSignature("signature_invalid", "nonce must be 22–128 characters of base64 or base64url (at least 128 random bits), new for every request");
  const missing = requiredComponents.filter((name) => !signature.components.includes(name));
  if (missing.length > 0) throw invalidSignature("signature_invalid", `the signature must cover ${missing.map((name) => `"${name}"`).join(" ")}`);
  if (hasBody(message) && !(signature.components.includes("content-type") && signature.components.includes("content-digest")))
    throw invalidSignature("signature_invalid", 'a request with a body must cover "content-type" and "content-digest"');
  return { ...signature, keyid, nonce, created, expires: (expires as number | undefined) ?? null, alg };
}

/**
 * The API Username a signature names in its Signature-Input (`keyid`), read as loosely as it can
 * be, or null: a signature refused for its form is still recorded on the key it names, and
 * counted against the address as a wrong key is. The profile's signature names it first; else
 * any signature's keyid does (a client that left out `tag` sees its refusals on its key).
 */
export function claimedKeyid(message: SignedMessage): string | null {
  let untagged: string | null = null;
  try {
    for (const [, member] of parseDictionary(message.header("signature-input") ?? "")) {
      const keyid = member[1].get("keyid");
      if (typeof keyid !== "string") continue;
      if (member[1].get("tag") === PROFILE_TAG) return keyid;
      untagged ??= keyid;
    }
  } catch {
    // Not a dictionary: nothing names a key.
  }
  return untagged;
}

/** The sha-256 of a Content-Digest header (RFC 9530), or a refusal saying what is wrong with it. */
function signedDigest(message: SignedMessage): Buffer {
  try {
    const member = parseDictionary(message.header("content-digest") ?? "").get("sha-256");
    if (member && member[0] instanceof ArrayBuffer && member[0].byteLength === 32) return Buffer.from(member[0]);
  } catch {
    // Said below.
  }
  throw invalidSignature("signature_invalid", "Content-Digest must carry sha-256=:<base64 of the body's SHA-256>:");
}

/**
 * Verifies a gatehouse-v1 signature by a key: the window, the algorithm, the bytes. The digest
 * and the nonce are checked after, once the body is read (`completeSignature`).
 */
export function verifyProfileSignature(
  message: SignedMessage,
  signature: ProfileSignature,
  credentialId: string,
  signing: SigningAuth,
  now: number,
): PendingSignature {
  const seconds = Math.floor(now / 1000);
  const skew = signature.created - seconds;
  if (Math.abs(skew) > CREATED_TOLERANCE_SECONDS)
    throw invalidSignature(
      "signature_expired",
      `created is ${Math.abs(skew)} s ${skew > 0 ? "ahead of" : "behind"} the server's clock; it must be within ${CREATED_TOLERANCE_SECONDS} s`,
    );
  if (signature.expires !== null && signature.expires < seconds) throw invalidSignature("signature_expired", "the signature's expires has passed");
  if (signature.alg !== signing.alg) throw invalidSignature("signature_invalid", `this API key signs with alg="${signing.alg}"`);
  let base;
  try {
    base = signatureBase(message, signature);
  } catch (error) {
    if (error instanceof SignatureFormatError) throw invalidSignature("signature_invalid", error.message);
    throw error;
  }
  const digest = signature.components.includes("content-digest") ? signedDigest(message) : null;
  if (signing.alg === "ed25519") return { credentialId, nonce: signature.nonce, digest, verified: verifyEd25519Async(signing.key, base, signature.signature) };
  if (!verifySignatureBytes(signing.alg, signing.key, base, signature.signature)) throw doesNotMatch();
  return { credentialId, nonce: signature.nonce, digest, verified: null };
}

/**
 * The signature a call of this key must (Required) or may (Optional) carry, checked; null for an
 * Optional key's unsigned call. A call that also sends Bearer or Basic must name the same key.
 */
export function checkSignatureOf(
  message: SignedMessage,
  credential: { id: string; username: string },
  signing: SigningAuth,
  now: number,
): PendingSignature | null {
  const signature = readProfileSignature(message);
  if (!signature) {
    if (signing.required) throw invalidSignature("signature_missing", `this API key requires signed requests (RFC 9421, tag="${PROFILE_TAG}")`);
    return null;
  }
  if (signature.keyid.toLowerCase() !== credential.username.toLowerCase())
    throw invalidSignature("signature_invalid", "the signature's keyid names another API Username than the credentials sent with it");
  return verifyProfileSignature(message, signature, credential.id, signing, now);
}

/** Waits for an ed25519 verification on the thread pool; refuses a signature that does not match. */
export async function signatureVerified(pending: PendingSignature) {
  if (pending.verified && !(await pending.verified)) throw doesNotMatch();
}

/** The verification, the digest against the raw body, then the nonce (once per key within NONCE_TTL_SECONDS). */
export async function completeSignature(
  pending: PendingSignature,
  rawBody: () => Promise<ArrayBuffer>,
  claimNonce: (credentialId: string, nonce: string) => Promise<boolean>,
) {
  await signatureVerified(pending);
  if (pending.digest) {
    const actual = hash("sha256", Buffer.from(await rawBody()), "buffer");
    if (!timingSafeEqual(actual, pending.digest)) throw invalidSignature("digest_mismatch", "the body does not match its signed Content-Digest");
  }
  if (!(await claimNonce(pending.credentialId, pending.nonce)))
    throw invalidSignature("nonce_reused", "this nonce was already used with this API key; send a new one with every request");
}
