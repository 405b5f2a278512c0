import { closeSync, openSync, readSync } from "node:fs";
import { fieldErrors, type Credential, PUBLIC_KEY_MAX_LENGTH, signingInputSchema, signingModeSchema } from "@gatehouse/shared";
import type { CredentialContext } from "../domain/credentials/context.ts";
import type { SigningInput } from "../domain/credentials/signing.ts";
import { setSigning } from "../domain/credentials/write.ts";
import { invalid } from "../lib/api-error.ts";
import { print, printJson, UsageError } from "./io.ts";

export const signingUsage = `  key create … --signing optional|required --sign-alg ed25519 --public-key FILE (PEM or JWK)
  key create … --signing optional|required --sign-alg hmac-sha256    prints the signing secret once
  key signing U off|optional|required [--sign-alg ed25519|hmac-sha256] [--public-key FILE] [--json]
      Request signing (RFC 9421, gatehouse-v1): Optional checks a signature when one is sent,
      Required refuses every unsigned call of the key, login and Basic included.`;

/** The signing flags of `key create` and `key signing`, as the admin API's schema reads them. */
export function signingFromFlags(mode: string | undefined, alg: string | undefined, publicKeyFile: string | undefined): SigningInput | undefined {
  if (mode === undefined && alg === undefined && publicKeyFile === undefined) return undefined;
  if (mode === "off" && (alg !== undefined || publicKeyFile !== undefined)) {
    throw new UsageError("--sign-alg and --public-key go with signing optional or required, not off");
  }
  let publicKey: string | undefined;
  if (publicKeyFile !== undefined) publicKey = readPublicKeyFile(publicKeyFile);
  const parsed = signingInputSchema.safeParse({ mode: mode ?? "optional", alg, publicKey });
  if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues));
  return parsed.data;
}

/**
 * The file's text, read no further than a public key can be long (the schema then says it is
 * too long): /dev/zero, read whole, took a review's CLI to 1.1 GB.
 */
function readPublicKeyFile(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const bytes = Buffer.alloc(4 * PUBLIC_KEY_MAX_LENGTH + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < bytes.length; length += read) read = readSync(fd, bytes, length, bytes.length - length, null);
    return bytes.toString("utf8", 0, length);
  } catch {
    throw new UsageError(`Cannot read the public key file ${path}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function describeSigning(credential: Credential) {
  const { mode, alg } = credential.signing;
  if (mode === "off") return print("Request signing: off");
  print(`Request signing: ${mode}, ${alg}${mode === "required" ? " — every call must be signed, login and Basic included" : ""}`);
}

/** `--json` names the secret `signing_secret`, as SPEC says (the admin API's JSON says signingSecret). */
export function printJsonWithSecret<T extends { signingSecret?: string }>(result: T) {
  const { signingSecret, ...rest } = result;
  printJson(signingSecret === undefined ? rest : { ...rest, signing_secret: signingSecret });
}

export function printSigningSecret(secret: string) {
  print("Signing secret (hmac-sha256) — shown only now; the integration signs with it:\n");
  print(`    ${secret}\n`);
}

/** `key signing U off|optional|required [--sign-alg …] [--public-key FILE]`. */
export async function changeSigning(
  ctx: CredentialContext,
  credentialId: string,
  username: string,
  values: { mode?: string; alg?: string; publicKey?: string; json?: boolean },
) {
  if (!signingModeSchema.safeParse(values.mode).success) {
    throw new UsageError(`Say off, optional or required, e.g. pnpm gatehouse key signing ${username} required`);
  }
  const input = signingFromFlags(values.mode, values.alg, values.publicKey);
  const result = await setSigning(ctx, credentialId, input ?? { mode: "off" });
  if (values.json) return printJsonWithSecret(result);
  print(`${username}:`);
  describeSigning(result.credential);
  if (result.signingSecret) printSigningSecret(result.signingSecret);
}
