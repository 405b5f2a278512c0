import { createHash, createHmac, createPrivateKey, randomBytes, sign as ed25519Sign } from "node:crypto";

/**
 * Signs a Gatehouse API request (RFC 9421, profile gatehouse-v1) with node:crypto alone: an
 * Ed25519 private key (PEM) or an hmac-sha256 signing secret (`gs_…`, used as ASCII bytes).
 * Returns the headers to add: Signature-Input, Signature and, with a body, Content-Digest.
 */
export type SigningKey = { keyid: string; privateKeyPem: string } | { keyid: string; secret: string };

export function signRequest(key: SigningKey, method: string, url: string, body: string | null, contentType = "application/json", now = Date.now()) {
  const { host, pathname, search } = new URL(url);
  const headers: Record<string, string> = {};
  const lines = [`"@method": ${method.toUpperCase()}`, `"@authority": ${host}`, `"@path": ${pathname}`, `"@query": ${search || "?"}`];
  let components = '"@method" "@authority" "@path" "@query"';
  if (body !== null) {
    headers["Content-Digest"] = `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
    lines.push(`"content-type": ${contentType}`, `"content-digest": ${headers["Content-Digest"]}`);
    components += ' "content-type" "content-digest"';
  }
  const alg = "secret" in key ? "hmac-sha256" : "ed25519";
  const nonce = randomBytes(16).toString("base64url");
  const params = `(${components});created=${Math.floor(now / 1000)};nonce="${nonce}";keyid="${key.keyid}";alg="${alg}";tag="gatehouse-v1"`;
  lines.push(`"@signature-params": ${params}`);
  const base = lines.join("\n");
  const signature =
    "secret" in key
      ? createHmac("sha256", Buffer.from(key.secret, "ascii")).update(base).digest()
      : ed25519Sign(null, Buffer.from(base), createPrivateKey(key.privateKeyPem));
  headers["Signature-Input"] = `sig1=${params}`;
  headers.Signature = `sig1=:${signature.toString("base64")}:`;
  return headers;
}
