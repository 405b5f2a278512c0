import { createPublicKey, createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSignatures, type SignedMessage, signatureBase, verifySignatureBytes } from "../src/lib/http-signature.ts";

/** The request of RFC 9421 Appendix B.2, and the keys of B.1.4 (test-key-ed25519) and B.1.5 (test-shared-secret). */
const headers: Record<string, string> = {
  host: "example.com",
  date: "Tue, 20 Apr 2021 02:07:55 GMT",
  "content-type": "application/json",
  "content-digest": "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
  "content-length": "18",
};
const request: SignedMessage = { method: "POST", url: "http://example.com/foo?param=Value&Pet=dog", header: (name) => headers[name] };
const sharedSecret = createSecretKey(Buffer.from("uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==", "base64"));
const ed25519Public = createPublicKey("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n");

describe("RFC 9421 Appendix B vectors", () => {
  it("B.2.5: hmac-sha256 over date, @authority and content-type", () => {
    const [signature] = readSignatures(
      'sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"',
      "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:",
    );
    const base = signatureBase(request, signature!);
    expect(base).toBe(
      '"date": Tue, 20 Apr 2021 02:07:55 GMT\n"@authority": example.com\n"content-type": application/json\n"@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"',
    );
    expect(verifySignatureBytes("hmac-sha256", sharedSecret, base, signature!.signature)).toBe(true);
    expect(verifySignatureBytes("hmac-sha256", sharedSecret, base.replace("example.com", "example.org"), signature!.signature)).toBe(false);
  });

  it("B.2.6: ed25519 over date, @method, @path, @authority, content-type and content-length", () => {
    const [signature] = readSignatures(
      'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:",
    );
    const base = signatureBase(request, signature!);
    expect(base).toBe(
      [
        '"date": Tue, 20 Apr 2021 02:07:55 GMT',
        '"@method": POST',
        '"@path": /foo',
        '"@authority": example.com',
        '"content-type": application/json',
        '"content-length": 18',
        '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      ].join("\n"),
    );
    expect(verifySignatureBytes("ed25519", ed25519Public, base, signature!.signature)).toBe(true);
    expect(verifySignatureBytes("ed25519", ed25519Public, base.replace("POST", "GET"), signature!.signature)).toBe(false);
  });

  it("derives @authority without the default port and @query as ? when there is none", () => {
    const [signature] = readSignatures('s=("@authority" "@path" "@query" "@target-uri")', "s=:AA==:");
    const base = signatureBase({ method: "GET", url: "https://Example.COM:443/a%20b", header: () => undefined }, signature!);
    expect(base.split("\n").slice(0, 4)).toEqual(['"@authority": example.com', '"@path": /a%20b', '"@query": ?', '"@target-uri": https://example.com/a%20b']);
  });
});
