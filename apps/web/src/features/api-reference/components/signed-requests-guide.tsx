import { phpSigner, signedExample, typescriptSigner } from "../signed-example.ts";

/** Request signing (RFC 9421, profile gatehouse-v1) for integration developers, with a worked example. */
export function SignedRequestsGuide() {
  return (
    <section className="card signed-guide" aria-labelledby="signed-requests-title">
      <div className="card-body prose">
        <h2 id="signed-requests-title">Signed requests</h2>
        <p>
          When an admin sets a key&apos;s <strong>Request signing</strong> to Optional or Required, the integration signs each request with{" "}
          <a href="https://www.rfc-editor.org/rfc/rfc9421">RFC 9421 HTTP Message Signatures</a>: with its Ed25519 private key (Gatehouse holds the public key)
          or with the <code>gs_…</code> signing secret Gatehouse showed once (hmac-sha256, the secret&apos;s text as ASCII bytes). A valid signature alone
          authenticates the call, with <code>keyid</code> = the API Username; Bearer or Basic may be sent as well but must name the same key. With Required,
          every call of the key must be signed, login and Basic included.
        </p>
        <h3>The gatehouse-v1 profile</h3>
        <ul>
          <li>
            Covered components, in any order: <code>&quot;@method&quot; &quot;@authority&quot; &quot;@path&quot; &quot;@query&quot;</code> and, when the request
            has a body, <code>&quot;content-type&quot; &quot;content-digest&quot;</code>. <code>@authority</code> is the Host you send (lower case, no default
            port); <code>@query</code> is <code>?</code> when there is none.
          </li>
          <li>
            <code>Content-Digest: sha-256=:&lt;base64 SHA-256 of the exact body bytes&gt;:</code> (RFC 9530), checked against the bytes received.
          </li>
          <li>
            Parameters <code>created</code> (Unix seconds, within 300 s of the server&apos;s clock), <code>nonce</code> (new for every request, at least 128
            random bits as 22+ base64url characters; a nonce is accepted once per key within 600 s), <code>keyid</code>, <code>alg</code> (<code>ed25519</code>{" "}
            or <code>hmac-sha256</code>) and <code>tag=&quot;gatehouse-v1&quot;</code>. An <code>expires</code> in the past is refused.
          </li>
          <li>
            A refusal is <code>401 invalid_signature</code>; its message names the reason: <code>signature_missing</code>, <code>signature_invalid</code>,{" "}
            <code>signature_expired</code>, <code>nonce_reused</code> or <code>digest_mismatch</code> (also the History outcome).
          </li>
        </ul>
        <h3>Worked example (hmac-sha256)</h3>
        <p>
          <code>PATCH {signedExample.url}</code> with body <code>{signedExample.body}</code>, signed by <code>inventory-sync</code> with the example secret{" "}
          <code>{signedExample.secret}</code>. The signature base, byte for byte (lines end with <code>\n</code>, no newline after the last):
        </p>
        <pre className="code-block" tabIndex={0} aria-label="The signature base">
          {signedExample.base}
        </pre>
        <p>HMAC-SHA256 of that base with the secret, base64, gives the headers sent:</p>
        <pre className="code-block" tabIndex={0} aria-label="The headers sent">{`Content-Type: application/json
Content-Digest: ${signedExample.contentDigest}
Signature-Input: ${signedExample.signatureInput}
Signature: ${signedExample.signature}`}</pre>
        <h3>A signer in TypeScript (Node)</h3>
        <pre className="code-block" tabIndex={0} aria-label="A signer in TypeScript">
          {typescriptSigner}
        </pre>
        <h3>A signer in PHP</h3>
        <pre className="code-block" tabIndex={0} aria-label="A signer in PHP">
          {phpSigner}
        </pre>
        <p>
          Send the returned headers with the request, and the body exactly as it was signed. <code>apps/inventory-sync</code> in the Gatehouse repository signs
          its calls this way (<code>GATEHOUSE_SIGNING_KEY_FILE</code> or <code>GATEHOUSE_SIGNING_SECRET</code>).
        </p>
      </div>
    </section>
  );
}
