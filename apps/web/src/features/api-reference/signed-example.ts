/**
 * The API reference's worked example of a signed request (profile gatehouse-v1, hmac-sha256):
 * every value is real, and apps/server/test/signed-example.test.ts checks the signature against the server's
 * own verifier, so the page cannot drift from what Gatehouse accepts.
 */
export const signedExample = {
  secret: "gs_Ex4mpleSigningSecretD0NotUseThis0nlyForDocs3DE2iz",
  method: "PATCH",
  url: "https://gatehouse.example.com/api/v1/products/MUG-LOGO",
  body: '{"quantity":80}',
  contentDigest: "sha-256=:ouwaS+GuwiLm28FztIQoU/bChdKMm0XXhIrizOH7CKc=:",
  signatureInput:
    'sig1=("@method" "@authority" "@path" "@query" "content-type" "content-digest");created=1795000000;nonce="pL5GZQ0m3aKdV8bX1yTq7w";keyid="inventory-sync";alg="hmac-sha256";tag="gatehouse-v1"',
  signature: "sig1=:EJbL68HJal6dcjMLsgKXz69B+y8sMReWMNaaDba9uQI=:",
  base: [
    '"@method": PATCH',
    '"@authority": gatehouse.example.com',
    '"@path": /api/v1/products/MUG-LOGO',
    '"@query": ?',
    '"content-type": application/json',
    '"content-digest": sha-256=:ouwaS+GuwiLm28FztIQoU/bChdKMm0XXhIrizOH7CKc=:',
    '"@signature-params": ("@method" "@authority" "@path" "@query" "content-type" "content-digest");created=1795000000;nonce="pL5GZQ0m3aKdV8bX1yTq7w";keyid="inventory-sync";alg="hmac-sha256";tag="gatehouse-v1"',
  ].join("\n"),
};

export const typescriptSigner = `import { createHash, createHmac, createPrivateKey, randomBytes, sign } from "node:crypto";

// key: { privateKeyPem } for ed25519, or { secret: "gs_…" } for hmac-sha256.
export function signRequest(keyid: string, key: { privateKeyPem: string } | { secret: string },
                            method: string, url: string, body: string | null) {
  const { host, pathname, search } = new URL(url);
  const headers: Record<string, string> = {};
  const lines = [\`"@method": \${method}\`, \`"@authority": \${host}\`, \`"@path": \${pathname}\`, \`"@query": \${search || "?"}\`];
  let covered = '"@method" "@authority" "@path" "@query"';
  if (body !== null) {
    headers["Content-Digest"] = \`sha-256=:\${createHash("sha256").update(body).digest("base64")}:\`;
    lines.push('"content-type": application/json', \`"content-digest": \${headers["Content-Digest"]}\`);
    covered += ' "content-type" "content-digest"';
  }
  const alg = "secret" in key ? "hmac-sha256" : "ed25519";
  const params = \`(\${covered});created=\${Math.floor(Date.now() / 1000)};nonce="\${randomBytes(16).toString("base64url")}";keyid="\${keyid}";alg="\${alg}";tag="gatehouse-v1"\`;
  const base = [...lines, \`"@signature-params": \${params}\`].join("\\n");
  const signature = "secret" in key
    ? createHmac("sha256", Buffer.from(key.secret, "ascii")).update(base).digest()
    : sign(null, Buffer.from(base), createPrivateKey(key.privateKeyPem));
  return { ...headers, "Signature-Input": \`sig1=\${params}\`, Signature: \`sig1=:\${signature.toString("base64")}:\` };
}`;

export const phpSigner = `<?php
// $key: ['secret' => 'gs_…'] for hmac-sha256, or ['seed' => <the 32-byte Ed25519 private key seed>] (libsodium).
function gatehouse_sign(string $keyid, array $key, string $method, string $url, ?string $body): array {
    $u = parse_url($url);
    $authority = strtolower($u['host']) . (isset($u['port']) ? ':' . $u['port'] : '');
    $query = isset($u['query']) ? '?' . $u['query'] : '?';
    $lines = ["\\"@method\\": $method", "\\"@authority\\": $authority", "\\"@path\\": {$u['path']}", "\\"@query\\": $query"];
    $covered = '"@method" "@authority" "@path" "@query"';
    $headers = [];
    if ($body !== null) {
        $headers['Content-Digest'] = 'sha-256=:' . base64_encode(hash('sha256', $body, true)) . ':';
        $lines[] = '"content-type": application/json';
        $lines[] = '"content-digest": ' . $headers['Content-Digest'];
        $covered .= ' "content-type" "content-digest"';
    }
    $alg = isset($key['secret']) ? 'hmac-sha256' : 'ed25519';
    $nonce = rtrim(strtr(base64_encode(random_bytes(16)), '+/', '-_'), '=');
    $params = "($covered);created=" . time() . ";nonce=\\"$nonce\\";keyid=\\"$keyid\\";alg=\\"$alg\\";tag=\\"gatehouse-v1\\"";
    $base = implode("\\n", $lines) . "\\n\\"@signature-params\\": $params";
    $signature = isset($key['secret'])
        ? hash_hmac('sha256', $base, $key['secret'], true)
        : sodium_crypto_sign_detached($base, sodium_crypto_sign_secretkey(sodium_crypto_sign_seed_keypair($key['seed'])));
    return $headers + ['Signature-Input' => "sig1=$params", 'Signature' => 'sig1=:' . base64_encode($signature) . ':'];
}`;
