/**
 * What the browser can tell of a pasted Ed25519 public key before the server parses it: a PEM
 * public key block, or a JWK of an OKP Ed25519 key without its private part. Null when it looks
 * right; else the sentence for the field.
 */
export function publicKeyProblem(text: string): string | null {
  const value = text.trim();
  if (value === "") return "Paste the integration's Ed25519 public key (PEM or JWK)";
  if (value.includes("PRIVATE KEY")) return "This is a private key: paste only the public key, and keep the private key on the integration's machine";
  if (value.startsWith("{")) {
    let jwk: Record<string, unknown>;
    try {
      jwk = JSON.parse(value) as Record<string, unknown>;
    } catch {
      return "This JWK is not valid JSON";
    }
    if ("d" in jwk) return "This is a private key: paste only the public key, and keep the private key on the integration's machine";
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") return 'A JWK for Gatehouse has "kty": "OKP", "crv": "Ed25519" and "x"';
    return null;
  }
  if (!/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(value))
    return "Not an Ed25519 public key: paste a PEM (-----BEGIN PUBLIC KEY-----) or a JWK";
  return null;
}
