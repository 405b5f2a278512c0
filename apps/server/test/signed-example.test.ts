import { createHash, createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSignatures, signatureBase, verifySignatureBytes } from "../src/lib/http-signature.ts";
import { signedExample } from "../../web/src/features/api-reference/signed-example.ts";

describe("the API reference's worked signed request", () => {
  it("is the signature base the server builds, and its signature verifies with the example secret", () => {
    const headers: Record<string, string> = { "content-type": "application/json", "content-digest": signedExample.contentDigest };
    const [signature] = readSignatures(signedExample.signatureInput, signedExample.signature);
    const base = signatureBase({ method: signedExample.method, url: signedExample.url, header: (name) => headers[name] }, signature!);
    expect(base).toBe(signedExample.base);
    expect(verifySignatureBytes("hmac-sha256", createSecretKey(Buffer.from(signedExample.secret, "ascii")), base, signature!.signature)).toBe(true);
    expect(signedExample.contentDigest).toBe(`sha-256=:${createHash("sha256").update(signedExample.body).digest("base64")}:`);
  });
});
