import type { AuditEntry, Credential, Page } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { credentialsSetup, errorOf, jsonOf, rowsOf } from "./helpers.ts";
import { ed25519Pair } from "./signing.ts";

describe("Request signing settings (admin API)", () => {
  it("registers an Ed25519 key from PEM or JWK, stores it as a JWK, and audits each change", async () => {
    const t = await credentialsSetup();
    const { credential } = await t.create({ username: "pos-sync" });
    expect(credential.signing).toEqual({ mode: "off", alg: null, publicKey: null, secretPrefix: null });
    const pair = ed25519Pair();
    const set = await t.call("PUT", `/api/admin/credentials/${credential.id}/signing`, { mode: "optional", alg: "ed25519", publicKey: pair.publicKeyPem });
    expect(set.status).toBe(200);
    const after = (await jsonOf<{ credential: Credential }>(set)).credential;
    expect(JSON.parse(after.signing.publicKey ?? "")).toEqual({ kty: "OKP", crv: "Ed25519", x: JSON.parse(pair.publicKeyJwk).x });
    // The same key as a JWK is the same key; Required keeps it without pasting it again.
    expect(
      (await t.call("PUT", `/api/admin/credentials/${credential.id}/signing`, { mode: "optional", alg: "ed25519", publicKey: pair.publicKeyJwk })).status,
    ).toBe(200);
    const required = await jsonOf<{ credential: Credential }>(
      await t.call("PUT", `/api/admin/credentials/${credential.id}/signing`, { mode: "required", alg: "ed25519" }),
    );
    expect(required.credential.signing.publicKey).toBe(after.signing.publicKey);
    const audit = await jsonOf<Page<AuditEntry>>(await t.call("GET", `/api/admin/audit-log`));
    const changes = audit.items.filter((entry) => entry.action === "credential.update" && entry.targetId === credential.id).map((entry) => entry.after);
    expect(changes).toContainEqual({ signingMode: "optional", signingAlg: "ed25519", signingPublicKey: after.signing.publicKey });
    expect(changes).toContainEqual({ signingMode: "required" });
  });

  it("refuses a bad or private key, a missing algorithm and an hmac secret for ed25519 with field errors, changing nothing", async () => {
    const t = await credentialsSetup();
    const { credential } = await t.create({ username: "pos-sync" });
    const put = (body: unknown) => t.call("PUT", `/api/admin/credentials/${credential.id}/signing`, body);
    const cases: [unknown, string, RegExp][] = [
      [{ mode: "optional", alg: "ed25519", publicKey: "not a key" }, "publicKey", /Not an Ed25519 public key/],
      [{ mode: "optional", alg: "ed25519", publicKey: ed25519Pair().privateKeyPem }, "publicKey", /private key/],
      [{ mode: "optional", alg: "ed25519", publicKey: '{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}' }, "publicKey", /Ed25519/],
      [{ mode: "optional", alg: "ed25519" }, "publicKey", /Paste/],
      [{ mode: "optional" }, "alg", /ed25519 or hmac-sha256/],
      [{ mode: "sometimes", alg: "ed25519" }, "mode", /off, optional or required/],
      [{ mode: "optional", alg: "ed25519", publicKey: "x".repeat(5000) }, "publicKey", /at most 2000/],
      [{ mode: "optional", alg: "hmac-sha256", publicKey: ed25519Pair().publicKeyPem }, "publicKey", /ed25519 only/],
    ];
    for (const [body, field, message] of cases) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).fields?.[field]).toMatch(message);
    }
    expect((await jsonOf<Credential>(await t.call("GET", `/api/admin/credentials/${credential.id}`))).signing.mode).toBe("off");
    expect((await t.call("POST", `/api/admin/credentials/${credential.id}/signing-secret`)).status).toBe(409);
  });

  it("shows an hmac signing secret once when it is made, and never to a viewer", async () => {
    const t = await credentialsSetup();
    const { credential } = await t.create({ username: "erp-hmac" });
    const made = await jsonOf<{ credential: Credential; signingSecret: string }>(
      await t.call("PUT", `/api/admin/credentials/${credential.id}/signing`, { mode: "optional", alg: "hmac-sha256" }),
    );
    expect(made.signingSecret).toMatch(/^gs_/);
    // Already has one: switching to Required keeps it and shows nothing.
    const kept = await jsonOf<Record<string, unknown>>(
      await t.call("PUT", `/api/admin/credentials/${credential.id}/signing`, { mode: "required", alg: "hmac-sha256" }),
    );
    expect(kept).not.toHaveProperty("signingSecret");
    const viewer = await credentialsSetup("viewer");
    const { credential: other } = await viewer.create({ username: "x-viewer" });
    expect((await viewer.call("PUT", `/api/admin/credentials/${other?.id ?? "x"}/signing`, { mode: "off" })).status).toBe(403);
    expect((await viewer.call("POST", `/api/admin/credentials/${other?.id ?? "x"}/signing-secret`)).status).toBe(403);
  });
});

describe("Request signing changes and webhooks", () => {
  it("raise credential.updated naming the signing fields, like every other change", async () => {
    const t = await credentialsSetup();
    expect((await t.call("POST", "/api/admin/webhooks", { url: "https://hooks.example.com/in", events: ["credential.updated"] })).status).toBe(201);
    const { credential } = await t.create({ username: "erp-signer" });
    expect((await t.call("PUT", `/api/admin/credentials/${credential.id}/signing`, { mode: "optional", alg: "hmac-sha256" })).status).toBe(200);
    t.clock.advance(1000);
    expect((await t.call("POST", `/api/admin/credentials/${credential.id}/signing-secret`)).status).toBe(200);
    const bodies = ((await rowsOf(t.store, "select body from webhook_events where type = 'credential.updated' order by created_at")) as { body: string }[]).map(
      (row) => JSON.parse(row.body) as { data: { username: string; changed: string[] } },
    );
    expect(bodies.map((body) => [body.data.username, body.data.changed])).toEqual([
      ["erp-signer", ["signingMode", "signingAlg", "signingSecretPrefix"]],
      ["erp-signer", ["signingSecretPrefix"]],
    ]);
    expect(bodies.map((body) => JSON.stringify(body))).not.toContainEqual(expect.stringMatching(/gs_[0-9A-Za-z]{20}/));
  });
});
