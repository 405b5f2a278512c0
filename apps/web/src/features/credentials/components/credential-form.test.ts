import type { Credential } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import {
  credentialFormResolverSchema,
  credentialFormSchema,
  credentialFormValues,
  emptyCredentialForm,
  toCreateInput,
  toLocalInput,
  toUpdateInput,
} from "./credential-form.ts";

const saved: Credential = {
  id: "cred_1",
  username: "erp-sync",
  description: "Warehouse ERP",
  keyPrefix: "gk_abcde",
  status: "enabled",
  scopes: ["orders:read"],
  expiresAt: "2030-01-02T03:04:00.000Z",
  rateLimit: 600,
  allowedIps: [{ entry: "203.0.113.10", note: "warehouse" }],
  signing: { mode: "off", alg: null, publicKey: null, secretPrefix: null },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  lastUsedAt: null,
  lastUsedIp: null,
} as Credential;

describe("the credential form's mapping", () => {
  it("turns a saved credential into form text and back without change", () => {
    const values = credentialFormValues(saved);
    expect(values).toMatchObject({ username: "erp-sync", rateLimit: "600", expiresAt: toLocalInput(saved.expiresAt) });
    expect(toCreateInput(values)).toEqual({
      username: "erp-sync",
      description: "Warehouse ERP",
      status: "enabled",
      scopes: ["orders:read"],
      expiresAt: saved.expiresAt,
      rateLimit: 600,
      allowedIps: [{ entry: "203.0.113.10", note: "warehouse" }],
      keyLength: 64,
    });
  });

  it("sends empty optional fields as null and trims what was typed", () => {
    const input = toCreateInput({ ...emptyCredentialForm, username: "  shop-app ", allowedIps: [{ entry: " 10.0.0.1 ", note: " office " }] });
    expect(input).toMatchObject({ username: "shop-app", expiresAt: null, rateLimit: null, allowedIps: [{ entry: "10.0.0.1", note: "office" }] });
  });

  it("sends only the fields the admin changed, so an untouched past expiry cannot block a save", () => {
    const opened = credentialFormValues(saved);
    const values = { ...opened, expiresAt: "2001-01-01T00:00", status: "disabled" as const };
    expect(toUpdateInput(values, { status: true }, opened)).toEqual({ status: "disabled" });
    // An edited list goes with the list it was edited from: the server refuses it if that changed.
    const edited = { ...values, allowedIps: [...values.allowedIps, { entry: " 198.51.100.7 ", note: "" }] };
    expect(toUpdateInput(edited, { rateLimit: true, allowedIps: true }, opened)).toEqual({
      rateLimit: 600,
      allowedIps: [...saved.allowedIps, { entry: "198.51.100.7", note: "" }],
      allowedIpsBase: saved.allowedIps,
    });
    expect(toUpdateInput({ ...values, rateLimit: "" }, { rateLimit: true }, opened)).toEqual({ rateLimit: null });
    expect(toUpdateInput({ ...values, description: " Nightly feed " }, { description: true }, opened)).toEqual({ description: "Nightly feed" });
  });

  // A review's find: " 60 " pasted into Rate limit was refused as not a whole number from 1 to 100,000.
  it("reads numbers with spaces around them, and spaces alone as empty", () => {
    const opened = credentialFormValues(saved);
    expect(credentialFormSchema.shape.rateLimit.safeParse("  60  ").success).toBe(true);
    expect(credentialFormSchema.shape.keyLength.safeParse(" 96 ").success).toBe(true);
    expect(toUpdateInput({ ...opened, rateLimit: "  60  " }, { rateLimit: true }, opened)).toEqual({ rateLimit: 60 });
    expect(toUpdateInput({ ...opened, rateLimit: "   " }, { rateLimit: true }, opened)).toEqual({ rateLimit: null });
    expect(toCreateInput({ ...emptyCredentialForm, username: "mobile-app", keyLength: " 96 " })).toMatchObject({ keyLength: 96 });
  });

  it("sends request signing with a new key only when it is on, and checks a pasted public key's shape", () => {
    expect(toCreateInput(emptyCredentialForm)).not.toHaveProperty("signing");
    expect(toCreateInput({ ...emptyCredentialForm, signingMode: "required", signingAlg: "hmac-sha256", signingPublicKey: "left over" }).signing).toEqual({
      mode: "required",
      alg: "hmac-sha256",
    });
    const ed25519 = { ...emptyCredentialForm, username: "pos-sync", signingMode: "optional" as const, signingAlg: "ed25519" as const };
    const problem = (publicKey: string) => credentialFormResolverSchema.safeParse({ ...ed25519, signingPublicKey: publicKey }).error?.issues[0]?.message;
    expect(problem("")).toMatch(/Paste the integration's Ed25519 public key/);
    expect(problem("-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PRIVATE KEY-----")).toMatch(/This is a private key/);
    expect(problem('{"kty":"OKP","crv":"Ed25519","x":"abc","d":"secret"}')).toMatch(/This is a private key/);
    expect(problem('{"kty":"EC","crv":"P-256"}')).toMatch(/"kty": "OKP"/);
    expect(problem("ssh-ed25519 AAAA")).toMatch(/Not an Ed25519 public key/);
    expect(problem('{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}')).toBeUndefined();
    expect(problem("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----")).toBeUndefined();
  });

  it("names an invalid entry and a repeated one in the same check, with the server's words and line numbers", () => {
    const entries = ["203.0.113.10", "not-an-ip", "", "2001:db8::1", "198.51.100.0/24", "203.0.113.10", "2001:DB8:0:0::1"];
    const allowedIps = entries.map((entry) => ({ entry, note: "" }));
    const result = credentialFormResolverSchema.safeParse({ ...emptyCredentialForm, username: "erp-sync", allowedIps });
    const byPath = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
    expect(Object.keys(byPath).toSorted()).toEqual(["allowedIps.1.entry", "allowedIps.2.entry", "allowedIps.5.entry", "allowedIps.6.entry"]);
    expect(byPath["allowedIps.5.entry"]).toBe("203.0.113.10 is already in the list (IP address 1)");
    expect(byPath["allowedIps.6.entry"]).toBe("2001:db8::1 is already in the list (IP address 4)");
  });

  it("refuses what the server would refuse, with the field's own message", () => {
    const result = credentialFormSchema.safeParse({
      ...emptyCredentialForm,
      username: "ok-name",
      rateLimit: "1.5",
      keyLength: "300",
      description: "x".repeat(201),
      allowedIps: [{ entry: "127.1", note: "" }],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join(".")) ?? [];
    expect(paths.toSorted()).toEqual(["allowedIps.0.entry", "description", "keyLength", "rateLimit"]);
  });
});
