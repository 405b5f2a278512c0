import { randomBytes } from "node:crypto";
import v8 from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthCache, type TokenAuth } from "../src/domain/auth/cache.ts";
import { tableNonceStore } from "../src/domain/auth/nonces.ts";
import { issueToken, revokeToken } from "../src/domain/auth/tokens.ts";
import { secretBoxWith } from "../src/lib/secret-box.ts";
import { sha256 } from "../src/lib/hash.ts";
import { backends, type OpenedRepositories } from "./backends.ts";
import { testClock } from "./helpers.ts";

const HOUR = 3_600_000;

// V8's own check that two objects share a hidden class (map); natives syntax is allowed for this one function.
v8.setFlagsFromString("--allow-natives-syntax");
const sameHiddenClass = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;
const classesAmong = (objects: object[]) => objects.filter((object, index) => index === 0 || !sameHiddenClass(object, objects[index - 1] as object)).length;

describe.each(backends)("the auth cache and nonces on $name", (backend) => {
  let opened: OpenedRepositories;
  const clock = testClock();
  const box = secretBoxWith(randomBytes(32), "test");
  beforeAll(async () => {
    opened = await backend.open();
    const { at } = opened;
    for (const [id, username] of [
      ["cred_a", "erp-a"],
      ["cred_b", "erp-b"],
    ])
      await opened.run(`insert into credentials (id, username, key_hash, key_prefix, status, scopes, created_at, updated_at)
        values ('${id}', '${username}', 'key-${id}', 'gk_abcde', 'enabled', '[]', ${at(clock())}, ${at(clock())})`);
  });
  afterAll(() => opened.close());

  it("answers a hit synchronously and loads a miss", async () => {
    const cache = new AuthCache(opened.repos, clock, box);
    const miss = cache.credentialByUsername("ERP-A");
    expect(miss).toBeInstanceOf(Promise);
    expect((await miss)?.id).toBe("cred_a");
    expect(cache.credentialByUsername("erp-a")).toMatchObject({ id: "cred_a", keyHash: "key-cred_a" });
    expect(await cache.credentialById("cred_missing")).toBeNull();
    expect(cache.credentialById("cred_missing")).toBeNull();
  });

  it("writes a token before login answers when instances share the database, and the other instance finds it", async () => {
    const here = new AuthCache(opened.repos, clock, box, { writeTokensAtOnce: true });
    const there = new AuthCache(opened.repos, clock, box);
    const credential = await here.credentialById("cred_a");
    if (!credential) throw new Error("no credential");
    const { token } = await issueToken(here, clock(), HOUR, credential, "key-cred_a", "203.0.113.10");
    expect(here.token(sha256(token))).toMatchObject({ credentialId: "cred_a" });
    expect(await there.token(sha256(token))).toMatchObject({ credentialId: "cred_a", ip: "203.0.113.10" });
    const published: string[] = [];
    await revokeToken(opened.repos, here, sha256(token), (id) => published.push(id));
    expect(await here.token(sha256(token))).toBeNull();
    // The other instance, told of the change to the token's credential, reads it again: it is gone.
    expect(published).toEqual(["cred_a"]);
    for (const id of published) there.credentialChanged(id);
    expect(await there.token(sha256(token))).toBeNull();
  });

  // A flood of logins whose tokens are never used must not evict the tokens calls are using,
  // nor fill memory with its own.
  it("lets go of a token at the flush and holds it again from its next call", async () => {
    const cache = new AuthCache(opened.repos, clock, box);
    const credential = await cache.credentialById("cred_a");
    if (!credential) throw new Error("no credential");
    const hash = sha256((await issueToken(cache, clock(), HOUR, credential, "key-cred_a", "203.0.113.10")).token);
    expect(cache.token(hash)).toMatchObject({ credentialId: "cred_a" });
    await cache.flushTokens();
    expect(cache.knownToken(hash)).toBeUndefined();
    const first = cache.token(hash);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toMatchObject({ credentialId: "cred_a", ip: "203.0.113.10" });
    expect(cache.token(hash)).toMatchObject({ credentialId: "cred_a" });
  });

  // A token with a hidden class of its own costs about 300 bytes more, and a login flood then
  // left old-generation garbage V8 did not collect in time (see tokenAuth).
  it("keeps every token, issued here or read from the database, in one hidden class", async () => {
    const here = new AuthCache(opened.repos, clock, box);
    const credential = await here.credentialById("cred_a");
    if (!credential) throw new Error("no credential");
    const hashes: string[] = [];
    for (let login = 0; login < 50; login += 1) {
      clock.advance(1000);
      hashes.push(sha256((await issueToken(here, clock(), HOUR, credential, "key-cred_a", `203.0.113.${login}`)).token));
    }
    const issued = hashes.map((hash) => here.knownToken(hash) as TokenAuth);
    await here.flushTokens();
    const there = new AuthCache(opened.repos, clock, box);
    const loaded = await Promise.all(hashes.map(async (hash) => (await there.token(hash)) as TokenAuth));
    expect(loaded.map((token) => token.ip)).toEqual(issued.map((token) => token.ip));
    expect(classesAmong(issued)).toBe(1);
    expect(classesAmong(loaded)).toBe(1);
  });

  it("writes the tokens of logins answered together in one statement, each before its login answers", async () => {
    const here = new AuthCache(opened.repos, clock, box, { writeTokensAtOnce: true });
    const there = new AuthCache(opened.repos, clock, box);
    const credential = await here.credentialById("cred_a");
    if (!credential) throw new Error("no credential");
    const insert = opened.repos.tokens.insertIfCredentialValid;
    let statements = 0;
    opened.repos.tokens.insertIfCredentialValid = (tokens, now) => {
      statements += 1;
      return insert(tokens, now);
    };
    try {
      const issued = await Promise.all(Array.from({ length: 20 }, () => issueToken(here, clock(), HOUR, credential, "key-cred_a", "203.0.113.10")));
      expect(statements).toBe(1);
      for (const { token } of issued) expect(await there.token(sha256(token))).toMatchObject({ credentialId: "cred_a" });
    } finally {
      opened.repos.tokens.insertIfCredentialValid = insert;
    }
  });

  it("refuses to write a token whose credential was disabled meanwhile, at once or at the flush", async () => {
    const atOnce = new AuthCache(opened.repos, clock, box, { writeTokensAtOnce: true });
    const behind = new AuthCache(opened.repos, clock, box);
    const credential = await atOnce.credentialById("cred_b");
    if (!credential) throw new Error("no credential");
    const early = await issueToken(behind, clock(), HOUR, credential, "key-cred_b", "203.0.113.10");
    await opened.run(`update credentials set status = 'disabled' where id = 'cred_b'`);
    const late = await issueToken(atOnce, clock(), HOUR, credential, "key-cred_b", "203.0.113.10");
    expect(await opened.repos.tokens.get(sha256(late.token))).toBeUndefined();
    await behind.flushTokens();
    expect(await opened.repos.tokens.get(sha256(early.token))).toBeUndefined();
    expect(await behind.token(sha256(early.token))).toBeNull();
    await opened.run(`update credentials set status = 'enabled' where id = 'cred_b'`);
  });

  it("drops everything on a foreign change and keeps no load that began before it", async () => {
    const cache = new AuthCache(opened.repos, clock, box);
    const loading = cache.credentialById("cred_a");
    cache.dropEverything();
    expect((await loading)?.id).toBe("cred_a");
    expect(cache.credentialById("cred_a")).toBeInstanceOf(Promise);
    const token: TokenAuth = {
      tokenHash: "hash-pending",
      credentialId: "cred_a",
      keyHash: "key-cred_a",
      ip: "203.0.113.10",
      createdAt: clock(),
      expiresAt: clock() + HOUR,
      persistedExpiresAt: clock() + HOUR,
    };
    await cache.issueToken(token);
    cache.dropEverything();
    await cache.flushTokens();
    expect(await opened.repos.tokens.get("hash-pending")).toMatchObject({ credentialId: "cred_a" });
  });

  it("accepts a nonce once, also when it arrives 20 times at once", async () => {
    const nonces = tableNonceStore(opened.repos, clock);
    expect(await nonces.claim("cred_a", "once")).toBe(true);
    expect(await nonces.claim("cred_a", "once")).toBe(false);
    const claims = await Promise.all(Array.from({ length: 20 }, () => nonces.claim("cred_a", "twenty")));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
