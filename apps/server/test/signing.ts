import { generateKeyPairSync } from "node:crypto";
import { type SigningKey, signRequest } from "../../inventory-sync/src/sign.ts";
import { fromIp } from "./helpers.ts";

export { signRequest, type SigningKey };

/** A fresh Ed25519 key pair: the public key as the admin pastes it, the private one for signing. */
export function ed25519Pair() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    publicKeyJwk: JSON.stringify(publicKey.export({ format: "jwk" })),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

export type SentRequest = { url: string; body: string | null; headers: Record<string, string> };
export type SignedCallOptions = { body?: string; headers?: Record<string, string>; ip?: string; now?: number; tamper?: (request: SentRequest) => void };

type App = { request: (path: string, init: RequestInit, env: never) => Response | Promise<Response> };

/**
 * Sends a signed /api/v1 call to an in-process app (host localhost), optionally with other
 * credentials, and lets a test change the request after signing it (`tamper`).
 */
export function signedCall(app: App, key: SigningKey, method: string, path: string, options: SignedCallOptions = {}) {
  const url = `http://localhost/api/v1${path}`;
  const body = options.body ?? null;
  const headers: Record<string, string> = {
    ...(body === null ? {} : { "Content-Type": "application/json" }),
    ...options.headers,
    ...signRequest(key, method, url, body, "application/json", options.now),
  };
  const request = { url, body, headers };
  options.tamper?.(request);
  return app.request(
    request.url,
    { method, headers: request.headers, ...(request.body === null ? {} : { body: request.body }) },
    fromIp(options.ip ?? "203.0.113.10"),
  );
}
