import type { Credential, HistoryPage, IssuedKey } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { errorOf, integrationSetup, jsonOf, rowOf } from "./helpers.ts";
import { ed25519Pair, type SigningKey, signedCall } from "./signing.ts";

type Mode = "optional" | "required";

/** An app and a key signing with a fresh Ed25519 pair, or with an hmac signing secret. */
async function signingSetup(mode: Mode = "optional", alg: "ed25519" | "hmac-sha256" = "ed25519") {
  const t = await integrationSetup();
  const pair = ed25519Pair();
  const issued = (await t.credential({
    signing: alg === "ed25519" ? { mode, alg, publicKey: pair.publicKeyPem } : { mode, alg },
  })) as Awaited<ReturnType<typeof t.credential>> & IssuedKey;
  const key: SigningKey =
    alg === "ed25519" ? { keyid: issued.username, privateKeyPem: pair.privateKeyPem } : { keyid: issued.username, secret: issued.signingSecret ?? "" };
  const signed = (method: string, path: string, options: Parameters<typeof signedCall>[4] = {}) =>
    signedCall(t.app, key, method, path, { now: t.clock(), ...options });
  const outcomes = async () => {
    await t.deps.history.flush();
    return (await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?credentialId=${issued.id}`))).items
      .map((row) => `${row.call} ${row.outcome} ${row.status}`)
      .toSorted();
  };
  return { ...t, issued, key, pair, signed, outcomes };
}

const refusal = async (res: Response) => ({ status: res.status, ...(await errorOf(res)) });

describe("Signed requests (RFC 9421, gatehouse-v1)", () => {
  it("authenticates a call by its signature alone, and Optional still serves unsigned Bearer and Basic", async () => {
    const t = await signingSetup("optional");
    const signed = await t.signed("GET", "/session");
    expect(signed.status).toBe(200);
    expect(await jsonOf(signed)).toMatchObject({ username: t.issued.username, expires_at: null });
    expect((await t.signed("PATCH", "/products/MUG-LOGO", { body: JSON.stringify({ quantity: 7 }) })).status).toBe(200);
    const { token } = await t.login(t.issued.username, t.issued.key);
    expect((await t.v1("GET", "/session", { token })).status).toBe(200);
    expect((await t.v1("GET", "/session", { basic: [t.issued.username, t.issued.key] })).status).toBe(200);
    // Signed and Bearer together: the signature must be by the token's own key.
    expect((await t.signed("GET", "/session", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("with Required refuses unsigned Bearer, Basic and login, and serves them signed", async () => {
    const t = await signingSetup("required");
    const unsignedLogin = await t.login(t.issued.username, t.issued.key);
    expect(await refusal(unsignedLogin.res)).toMatchObject({ status: 401, code: "invalid_signature", message: expect.stringContaining("signature_missing") });
    expect(await refusal(await t.v1("GET", "/session", { basic: [t.issued.username, t.issued.key] }))).toMatchObject({ code: "invalid_signature" });
    const login = await t.signed("POST", "/login", { body: JSON.stringify({ username: t.issued.username, key: t.issued.key }) });
    expect(login.status).toBe(200);
    const { token } = await jsonOf<{ token: string }>(login);
    expect(await refusal(await t.v1("GET", "/products", { token }))).toMatchObject({ status: 401, code: "invalid_signature" });
    expect((await t.signed("GET", "/products", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(
      (await t.signed("GET", "/session", { headers: { Authorization: `Basic ${Buffer.from(`${t.issued.username}:${t.issued.key}`).toString("base64")}` } }))
        .status,
    ).toBe(200);
    expect(await t.outcomes()).toEqual([
      "login ok 200",
      "login signature_missing 401",
      "products.list ok 200",
      "products.list signature_missing 401",
      "session ok 200",
      "session signature_missing 401",
    ]);
  });

  it("names each refusal reason in the message and in history", async () => {
    const t = await signingSetup("required");
    const other = ed25519Pair();
    expect((await t.signed("GET", "/session")).status).toBe(200);
    const forged = await signedCall(t.app, { keyid: t.issued.username, privateKeyPem: other.privateKeyPem }, "GET", "/session", { now: t.clock() });
    expect(await refusal(forged)).toMatchObject({ status: 401, code: "invalid_signature", message: expect.stringContaining("(signature_invalid)") });
    const old = await t.signed("GET", "/products", { now: t.clock() - 301_000 });
    // Which way the clock is off, in words (a review read "-301 s" as a clock behind, not ahead).
    expect(await refusal(old)).toMatchObject({
      status: 401,
      message: expect.stringContaining("(signature_expired): created is 301 s behind the server's clock"),
    });
    expect((await t.signed("GET", "/products", { now: t.clock() - 299_000 })).status).toBe(200);
    const early = await t.signed("GET", "/products", { now: t.clock() + 301_000 });
    expect((await refusal(early)).message).toContain("(signature_expired): created is 301 s ahead of the server's clock");
    let replay: { url: string; body: string | null; headers: Record<string, string> } | null = null;
    expect((await t.signed("GET", "/orders", { tamper: (request) => void (replay = request) })).status).toBe(200);
    const again = await t.app.request(replay!.url, { method: "GET", headers: replay!.headers }, {
      incoming: { socket: { remoteAddress: "203.0.113.10" } },
    } as never);
    expect(await refusal(again)).toMatchObject({ status: 401, message: expect.stringContaining("(nonce_reused)") });
    const changedBody = await t.signed("PATCH", "/products/MUG-LOGO", {
      body: JSON.stringify({ quantity: 5 }),
      tamper: (request) => void (request.body = JSON.stringify({ quantity: 9 })),
    });
    expect(await refusal(changedBody)).toMatchObject({ status: 401, message: expect.stringContaining("(digest_mismatch)") });
    expect((await t.v1("GET", "/products/MUG-LOGO", { basic: [t.issued.username, t.issued.key], headers: {} })).status).toBe(401);
    expect(await t.outcomes()).toEqual([
      "orders.list nonce_reused 401",
      "orders.list ok 200",
      "products.get signature_missing 401",
      "products.list ok 200",
      "products.list signature_expired 401",
      "products.update digest_mismatch 401",
      "session ok 200",
      "session signature_invalid 401",
    ]);
    // The 301-second-old and the early call fold into one row (same call, address and outcome).
    expect((await jsonOf<HistoryPage>(await t.call("GET", `/api/admin/history?outcome=signature_expired`))).items[0]?.count).toBe(2);
  });

  it("refuses a signature whose keyid is not the key of the Bearer token or Basic credentials sent with it", async () => {
    const t = await signingSetup("optional");
    const other = await t.credential({ signing: { mode: "optional", alg: "ed25519", publicKey: ed25519Pair().publicKeyPem } });
    const { token } = await t.login(other.username, other.key);
    const mixed = await t.signed("GET", "/session", { headers: { Authorization: `Bearer ${token}` } });
    expect(await refusal(mixed)).toMatchObject({ status: 401, code: "invalid_signature", message: expect.stringContaining("keyid names another") });
  });

  it("does not let a signature authenticate a key whose signing is Off, nor an unknown keyid", async () => {
    const t = await integrationSetup();
    const plain = await t.credential();
    const pair = ed25519Pair();
    const asPlain = await signedCall(t.app, { keyid: plain.username, privateKeyPem: pair.privateKeyPem }, "GET", "/session", { now: t.clock() });
    expect(await refusal(asPlain)).toMatchObject({ status: 401, code: "invalid_signature", message: expect.stringContaining("signing switched on") });
    const unknown = await signedCall(t.app, { keyid: "nobody-here", privateKeyPem: pair.privateKeyPem }, "GET", "/session", { now: t.clock() });
    expect((await refusal(unknown)).code).toBe("invalid_signature");
    // Off: the signature headers of a Bearer call are not even read.
    const { token } = await t.login(plain.username, plain.key);
    expect((await t.v1("GET", "/session", { token, headers: { "Signature-Input": "garbage", Signature: "garbage" } })).status).toBe(200);
  });

  it("refuses malformed signature headers with 401, never 5xx", async () => {
    const t = await signingSetup("required");
    const cases: Record<string, string>[] = [
      { "Signature-Input": "sig1=(", Signature: "sig1=:AA==:" },
      { "Signature-Input": 'sig1=("@method");created=1;keyid="x";tag="gatehouse-v1"' },
      {
        "Signature-Input": `sig1=("@method" "@authority" "@path" "@query");created=${Math.floor(t.clock() / 1000)};nonce="short";keyid="${t.issued.username}";alg="ed25519";tag="gatehouse-v1"`,
        Signature: "sig1=:AA==:",
      },
      {
        "Signature-Input": `sig1=("@method" "@authority");created=${Math.floor(t.clock() / 1000)};nonce="${"n".repeat(30)}";keyid="${t.issued.username}";alg="ed25519";tag="gatehouse-v1"`,
        Signature: "sig1=:AA==:",
      },
      {
        "Signature-Input": `sig1=("@method" "@authority" "@path" "@query" "x-missing");created=${Math.floor(t.clock() / 1000)};nonce="${"n".repeat(30)}";keyid="${t.issued.username}";alg="ed25519";tag="gatehouse-v1"`,
        Signature: "sig1=:AA==:",
      },
      {
        "Signature-Input": `sig1=("@method" "@authority" "@path" "@query");created=${Math.floor(t.clock() / 1000)};nonce="${"n".repeat(30)}";keyid="${"k".repeat(5000)}";alg="ed25519";tag="gatehouse-v1"`,
        Signature: "sig1=:AA==:",
      },
      { "Signature-Input": "x".repeat(8000), Signature: "y" },
    ];
    for (const headers of cases) {
      const res = await t.app.request("/api/v1/session", { headers }, { incoming: { socket: { remoteAddress: "203.0.113.10" } } } as never);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("invalid_signature");
    }
    // A signed body must cover its Content-Digest.
    const uncovered = await t.signed("PATCH", "/products/MUG-LOGO", { body: "{}", tamper: (request) => void (request.body = '{"quantity":1}') });
    expect(uncovered.status).toBe(401);
  });

  // A review's find: such refusals were recorded without the key and counted against nothing.
  it("records a signature refused for its form on the key its keyid names, and counts it against the address", async () => {
    const t = await signingSetup("required");
    const created = Math.floor(t.clock() / 1000);
    const input = (nonce: string) =>
      `sig1=("@method" "@authority" "@path" "@query");created=${created};nonce="${nonce}";keyid="${t.issued.username}";alg="ed25519";tag="gatehouse-v1"`;
    const malformed: Record<string, string>[] = [{ "Signature-Input": input("short"), Signature: "sig1=:AA==:" }, { "Signature-Input": input("n".repeat(30)) }];
    const send = (headers: Record<string, string>, ip: string) =>
      t.app.request("/api/v1/session", { headers }, { incoming: { socket: { remoteAddress: ip } } } as never);
    for (const headers of malformed) expect((await send(headers, "198.51.100.31")).status).toBe(401);
    expect(await t.outcomes()).toEqual(["session signature_invalid 401"]);
    // Like wrong keys: the address is throttled once it has spent its failures.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) statuses.push((await send(malformed[1] ?? {}, "198.51.100.32")).status);
    expect(statuses).toContain(429);
  });

  // A review's find: a client that left out tag="gatehouse-v1" saw nothing on its key's History.
  it("records a signature without the profile's tag on the key its keyid names", async () => {
    const t = await signingSetup("required");
    const untagged = { "Signature-Input": `sig1=("@method");keyid="${t.issued.username}";created=${Math.floor(t.clock() / 1000)}`, Signature: "sig1=:AAAA:" };
    const res = await t.app.request("/api/v1/session", { headers: untagged }, { incoming: { socket: { remoteAddress: "198.51.100.33" } } } as never);
    expect(await refusal(res)).toMatchObject({ status: 401, code: "invalid_signature" });
    expect(await t.outcomes()).toEqual(["session signature_invalid 401"]);
  });

  it("signs with an hmac-sha256 secret that is shown once and stored sealed", async () => {
    const t = await signingSetup("required", "hmac-sha256");
    expect(t.issued.signingSecret).toMatch(/^gs_[0-9A-Za-z]{49}$/);
    expect((await t.signed("GET", "/session")).status).toBe(200);
    const credential = await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${t.issued.id}`));
    expect(credential.signing).toEqual({ mode: "required", alg: "hmac-sha256", publicKey: null, secretPrefix: t.issued.signingSecret?.slice(0, 8) });
    expect(JSON.stringify(credential)).not.toContain(t.issued.signingSecret);
    const stored = (await rowOf(t.store, "select signing_secret from credentials where id = ?", [t.issued.id]))?.signing_secret as string;
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(t.issued.signingSecret?.slice(3, 20));
    // A new secret replaces the old at once.
    const renewed = await jsonOf<{ signingSecret: string }>(await t.call("POST", `/api/admin/credentials/${t.issued.id}/signing-secret`));
    expect(renewed.signingSecret).not.toBe(t.issued.signingSecret);
    expect((await t.signed("GET", "/session")).status).toBe(401);
    expect((await signedCall(t.app, { keyid: t.issued.username, secret: renewed.signingSecret }, "GET", "/session", { now: t.clock() })).status).toBe(200);
  });
});
