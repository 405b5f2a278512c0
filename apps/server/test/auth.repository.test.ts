import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TokenRow } from "../src/domain/auth/repository.ts";
import { backends, type OpenedRepositories } from "./backends.ts";

const NOW = Date.UTC(2026, 10, 25, 12);
const HOUR = 3_600_000;

type Seed = {
  id: string;
  username: string;
  keyHash?: string;
  status?: "enabled" | "disabled";
  previous?: { keyHash: string; until: number };
  deleted?: boolean;
};

const text = (value: string | null) => (value === null ? "null" : `'${value}'`);

/** Credentials have no repository of their own yet: they are written as SQL, the same on both. */
async function seedCredential(opened: OpenedRepositories, seed: Seed, entries: string[] = []) {
  const { at } = opened;
  await opened.run(`insert into credentials (id, username, key_hash, key_prefix, previous_key_hash, previous_key_expires_at, status, scopes,
      created_at, updated_at, deleted_at)
    values (${text(seed.id)}, ${text(seed.username)}, ${text(seed.keyHash ?? `key-${seed.id}`)}, 'gk_abcde', ${text(seed.previous?.keyHash ?? null)},
      ${seed.previous ? at(seed.previous.until) : "null"}, '${seed.status ?? "enabled"}', '["products:read"]', ${at(NOW)}, ${at(NOW)},
      ${seed.deleted ? at(NOW) : "null"})`);
  for (const [position, entry] of entries.entries())
    await opened.run(`insert into allowed_ips (credential_id, position, entry) values ('${seed.id}', ${position}, '${entry}')`);
}

const tokenOf = (credentialId: string, name: string, keyHash = `key-${credentialId}`): TokenRow => ({
  tokenHash: `hash-${name}`,
  credentialId,
  keyHash,
  ip: "203.0.113.10",
  createdAt: NOW,
  expiresAt: NOW + HOUR,
});

describe.each(backends)("the auth path's repositories on $name", (backend) => {
  let opened: OpenedRepositories;
  beforeAll(async () => {
    opened = await backend.open();
    await seedCredential(opened, { id: "cred_live", username: "ERP-Sync" }, ["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]);
    await seedCredential(opened, { id: "cred_off", username: "old-erp", status: "disabled" });
    await seedCredential(opened, { id: "cred_gone", username: "gone-erp", deleted: true });
    await seedCredential(opened, { id: "cred_rekeyed", username: "rekeyed", keyHash: "key-new", previous: { keyHash: "key-old", until: NOW + HOUR } });
  });
  afterAll(() => opened.close());

  it("loads a live credential by lower-cased username or by id, with its allowed IPs in order", async () => {
    const byName = await opened.repos.auth.credentialByUsername("erp-sync");
    expect(byName?.credential).toMatchObject({ id: "cred_live", username: "ERP-Sync", status: "enabled", keyHash: "key-cred_live", scopes: ["products:read"] });
    expect(byName?.credential).toMatchObject({ ipEnforcement: "enforce", signingMode: "off", signingAlg: null, expiresAt: null, rateLimit: null });
    expect(byName?.allowedIps).toEqual(["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]);
    expect(await opened.repos.auth.credentialById("cred_live")).toEqual(byName);
    expect((await opened.repos.auth.credentialById("cred_rekeyed"))?.credential).toMatchObject({
      previousKeyHash: "key-old",
      previousKeyExpiresAt: NOW + HOUR,
    });
    expect((await opened.repos.auth.credentialById("cred_off"))?.allowedIps).toEqual([]);
  });

  it("does not find a deleted or unknown credential", async () => {
    expect(await opened.repos.auth.credentialByUsername("gone-erp")).toBeUndefined();
    expect(await opened.repos.auth.credentialById("cred_gone")).toBeUndefined();
    expect(await opened.repos.auth.credentialByUsername("nobody")).toBeUndefined();
  });

  it("samples one sealed signing secret of a live credential, or none", async () => {
    expect(await opened.repos.auth.signingSecretSample()).toBeNull();
    await opened.run(`update credentials set signing_secret = 'v1.gone' where id = 'cred_gone'`);
    expect(await opened.repos.auth.signingSecretSample()).toBeNull();
    await opened.run(`update credentials set signing_secret = 'v1.sealed' where id = 'cred_off'`);
    expect(await opened.repos.auth.signingSecretSample()).toEqual({ sealed: "v1.sealed", boundTo: "cred_off" });
  });

  it("writes only the tokens whose credential still stands, and each once", async () => {
    const tokens = [
      tokenOf("cred_live", "live"),
      tokenOf("cred_off", "disabled"),
      tokenOf("cred_gone", "deleted"),
      tokenOf("cred_live", "old-key", "key-replaced"),
      tokenOf("cred_rekeyed", "new-key", "key-new"),
      tokenOf("cred_rekeyed", "grace", "key-old"),
    ];
    const written = await opened.repos.tokens.insertIfCredentialValid(tokens, NOW);
    expect(written.toSorted()).toEqual(["hash-grace", "hash-live", "hash-new-key"]);
    // After the grace period the previous key's token is refused; one already written is not written again.
    expect(await opened.repos.tokens.insertIfCredentialValid([tokenOf("cred_rekeyed", "late", "key-old"), tokenOf("cred_live", "live")], NOW + HOUR)).toEqual(
      [],
    );
    expect(await opened.repos.tokens.insertIfCredentialValid([], NOW)).toEqual([]);
    expect(await opened.repos.tokens.get("hash-live")).toEqual(tokenOf("cred_live", "live"));
    expect(await opened.repos.tokens.get("hash-disabled")).toBeUndefined();
  });

  it("writes a token once when 20 instances flush it at once", async () => {
    const token = tokenOf("cred_live", "raced");
    const written = await Promise.all(Array.from({ length: 20 }, () => opened.repos.tokens.insertIfCredentialValid([token], NOW)));
    expect(written.flat()).toEqual(["hash-raced"]);
  });

  it("slides a token's expiry, deletes it, and prunes expired ones", async () => {
    await opened.repos.tokens.touch("hash-live", NOW + 2 * HOUR);
    expect((await opened.repos.tokens.get("hash-live"))?.expiresAt).toBe(NOW + 2 * HOUR);
    await opened.repos.tokens.delete("hash-new-key");
    expect(await opened.repos.tokens.get("hash-new-key")).toBeUndefined();
    // hash-grace and hash-raced expire at NOW + 1 h; hash-live was moved on.
    expect(await opened.repos.tokens.pruneExpired(NOW + HOUR - 1)).toBe(0);
    expect(await opened.repos.tokens.pruneExpired(NOW + HOUR + 1)).toBe(2);
    expect(await opened.repos.tokens.get("hash-live")).toBeDefined();
  });

  it("ends a credential's tokens, or only those the caller rejects", async () => {
    await opened.repos.tokens.insertIfCredentialValid([tokenOf("cred_live", "a"), { ...tokenOf("cred_live", "b"), ip: "198.51.100.7" }], NOW);
    await opened.repos.tokens.deleteOfCredential("cred_live", (token) => token.ip === "198.51.100.7");
    expect(await opened.repos.tokens.get("hash-a")).toBeUndefined();
    expect(await opened.repos.tokens.get("hash-b")).toBeDefined();
    await opened.repos.tokens.deleteOfCredential("cred_live");
    expect(await opened.repos.tokens.get("hash-b")).toBeUndefined();
  });

  it("keeps the credential of every token ended early until it would have expired", async () => {
    const tokens = ["x", "y", "z"].map((name) => ({ ...tokenOf("cred_live", name), ip: name === "y" ? "198.51.100.7" : "203.0.113.10" }));
    await opened.repos.tokens.insertIfCredentialValid(tokens, NOW);
    await opened.repos.tokens.delete("hash-x");
    await opened.repos.tokens.deleteOfCredential("cred_live", (token) => token.ip !== "198.51.100.7");
    expect(await opened.repos.tokens.endedFor("hash-x")).toBe("cred_live");
    expect(await opened.repos.tokens.endedFor("hash-y")).toBe("cred_live");
    expect(await opened.repos.tokens.endedFor("hash-z")).toBeNull();
    await opened.repos.tokens.deleteOfCredential("cred_live");
    expect(await opened.repos.tokens.endedFor("hash-z")).toBe("cred_live");
    // Tokens that never reached the database; one of a credential that does not exist is not kept.
    const never = { tokenHash: "hash-never", credentialId: "cred_live", expiresAt: NOW + 2 * HOUR };
    await opened.repos.tokens.recordEnded([never, { ...never, tokenHash: "hash-nobody", credentialId: "cred_nobody" }]);
    expect(await opened.repos.tokens.endedFor("hash-never")).toBe("cred_live");
    expect(await opened.repos.tokens.endedFor("hash-nobody")).toBeNull();
    await opened.repos.tokens.pruneExpired(NOW + HOUR + 1);
    expect(await opened.repos.tokens.endedFor("hash-x")).toBeNull();
    expect(await opened.repos.tokens.endedFor("hash-never")).toBe("cred_live");
  });

  it("accepts a nonce once until it expires, then once more", async () => {
    const until = NOW + 600_000;
    expect(await opened.repos.nonces.claim("cred_live", "n-1", until, NOW)).toBe(true);
    expect(await opened.repos.nonces.claim("cred_live", "n-1", until + 1000, NOW + 1000)).toBe(false);
    // Another key may use the same nonce.
    expect(await opened.repos.nonces.claim("cred_off", "n-1", until, NOW)).toBe(true);
    expect(await opened.repos.nonces.claim("cred_live", "n-1", until + 600_000, until)).toBe(true);
    expect(await opened.repos.nonces.claim("cred_live", "n-1", until + 600_001, until + 1)).toBe(false);
  });

  it("accepts a nonce sent 20 times at once exactly once", async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, () => opened.repos.nonces.claim("cred_live", "n-raced", NOW + 600_000, NOW)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("prunes expired nonces only", async () => {
    expect(await opened.repos.nonces.claim("cred_live", "n-short", NOW + 1000, NOW)).toBe(true);
    expect(await opened.repos.nonces.pruneExpired(NOW + 1000)).toBe(1);
    expect(await opened.repos.nonces.claim("cred_live", "n-short", NOW + 601_000, NOW + 1000)).toBe(true);
    expect(await opened.repos.nonces.claim("cred_live", "n-raced", NOW + 600_000, NOW + 2000)).toBe(false);
  });
});
