import {
  type CredentialSigning,
  KEY_DISPLAY_LENGTH,
  keyChecksum,
  SIGNING_SECRET_PREFIX,
  type SigningAlg,
  type SigningMode,
  type signingInputSchema,
} from "@gatehouse/shared";
import { createPublicKey, type JsonWebKey } from "node:crypto";
import type { z } from "zod";
import { invalid } from "../../lib/api-error.ts";
import { randomBase62 } from "../../lib/random.ts";
import type { SecretBox } from "../../lib/secret-box.ts";
import type { CredentialRow as Row } from "./repository.ts";

export type SigningInput = z.output<typeof signingInputSchema>;
export type SigningColumns = Pick<Row, "signingMode" | "signingAlg" | "signingPublicKey" | "signingSecret" | "signingSecretPrefix">;

const SECRET_BODY_LENGTH = 43;
const CHOOSE_ALG = "Choose ed25519 or hmac-sha256";

/** A new hmac signing secret: `gs_`, 43 random base62 characters and the checksum. */
export function generateSigningSecret(): string {
  const body = randomBase62(SECRET_BODY_LENGTH);
  return `${SIGNING_SECRET_PREFIX}${body}${keyChecksum(body)}`;
}

const notAKey = 'Not an Ed25519 public key: paste a PEM (-----BEGIN PUBLIC KEY-----) or a JWK ({"kty":"OKP","crv":"Ed25519","x":…})';

/** A pasted PEM or JWK Ed25519 public key, as the JWK Gatehouse stores; a private key is refused. */
export function parsePublicKey(text: string): string {
  const trimmed = text.trim();
  let jwk: JsonWebKey;
  try {
    const parsed: unknown = trimmed.startsWith("{") ? JSON.parse(trimmed) : null;
    if (trimmed.includes("PRIVATE KEY") || (parsed !== null && typeof parsed === "object" && "d" in parsed))
      throw invalid({ publicKey: "This is a private key: paste only the public key, and keep the private key on the integration's machine" });
    const key = parsed === null ? createPublicKey(trimmed) : createPublicKey({ key: parsed as JsonWebKey, format: "jwk" });
    if (key.asymmetricKeyType !== "ed25519")
      throw invalid({ publicKey: `Gatehouse needs an Ed25519 public key; this one is ${(key.asymmetricKeyType ?? "another kind").toUpperCase()}` });
    jwk = key.export({ format: "jwk" });
  } catch (error) {
    if (error instanceof Error && "fields" in error) throw error;
    throw invalid({ publicKey: notAKey });
  }
  return JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
}

/**
 * The columns for new signing settings, and the signing secret when one is made (shown once).
 * Off keeps the registered key or secret, so switching back on needs nothing new; changing the
 * algorithm drops the other one's material.
 */
export function signingColumns(
  credentialId: string,
  input: SigningInput,
  current: SigningColumns | null,
  secrets: SecretBox,
): { columns: SigningColumns; secret: string | null } {
  const alg: SigningAlg | null = input.alg ?? current?.signingAlg ?? null;
  const mode: SigningMode = input.mode;
  if (alg === null && mode !== "off") throw invalid({ alg: CHOOSE_ALG }, CHOOSE_ALG);
  const keep = current && current.signingAlg === alg ? current : null;
  if (alg === "ed25519") {
    const publicKey = input.publicKey === undefined ? (keep?.signingPublicKey ?? null) : parsePublicKey(input.publicKey);
    if (publicKey === null && mode !== "off") throw invalid({ publicKey: "Paste the integration's Ed25519 public key (PEM or JWK)" });
    return { columns: { signingMode: mode, signingAlg: alg, signingPublicKey: publicKey, signingSecret: null, signingSecretPrefix: null }, secret: null };
  }
  if (alg === "hmac-sha256") {
    if (keep?.signingSecret || mode === "off")
      return {
        columns: {
          signingMode: mode,
          signingAlg: alg,
          signingPublicKey: null,
          signingSecret: keep?.signingSecret ?? null,
          signingSecretPrefix: keep?.signingSecretPrefix ?? null,
        },
        secret: null,
      };
    const secret = generateSigningSecret();
    return { columns: { ...secretColumns(credentialId, secret, secrets), signingMode: mode, signingAlg: alg, signingPublicKey: null }, secret };
  }
  return { columns: { signingMode: "off", signingAlg: null, signingPublicKey: null, signingSecret: null, signingSecretPrefix: null }, secret: null };
}

export const secretColumns = (credentialId: string, secret: string, secrets: SecretBox) => ({
  signingSecret: secrets.seal(secret, credentialId),
  signingSecretPrefix: secret.slice(0, KEY_DISPLAY_LENGTH),
});

export const signingView = (row: SigningColumns): CredentialSigning => ({
  mode: row.signingMode,
  alg: row.signingAlg,
  publicKey: row.signingPublicKey,
  secretPrefix: row.signingSecretPrefix,
});
