import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { openPgStore, type PgStore } from "../src/db/pg/client.ts";
import type { CredentialContext } from "../src/domain/credentials/context.ts";
import { setCredentialStatus, updateCredential } from "../src/domain/credentials/write.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

async function storeWithKey() {
  const created = await freshDatabase();
  cleanups.push(created.drop);
  const store = await openPgStore(created.url);
  cleanups.push(() => store.close());
  await store.sql`insert into credentials (id, username, key_prefix, key_hash, status, scopes, created_at, updated_at)
    values ('cred_erp', 'erp-sync', 'gk_abcde', 'key-hash', 'enabled', '[]', now(), now())`;
  const now = Date.now();
  const token = (tokenHash: string) => ({
    tokenHash,
    credentialId: "cred_erp",
    keyHash: "key-hash",
    ip: "203.0.113.10",
    createdAt: now,
    expiresAt: now + 3_600_000,
  });
  return { created, store, token, admin: () => adminOf(store) };
}

/** What a change made in the admin app passes the domain. */
const adminOf = (store: PgStore): CredentialContext => ({
  repos: store.repos,
  now: Date.now(),
  actor: { id: null, name: "test", ip: "127.0.0.1" },
  changed: () => {},
});

describe.runIf(testDatabaseUrl)("logins racing an admin's change of their key, on PostgreSQL", () => {
  // A review's find: logins answered while a disable was committing wrote tokens the disable's
  // delete could not see, and they worked again once the key was enabled.
  it("a token written while the key is being disabled is ended when the key is enabled again", async () => {
    const { created, store, token, admin } = await storeWithKey();
    const other = postgres(created.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => other.end());
    // The disable as a transaction runs it; the login's token is written from another connection meanwhile.
    await other.begin("isolation level serializable", async (tx) => {
      await tx`select status from credentials where id = 'cred_erp'`;
      expect(await store.repos.tokens.insertIfCredentialValid([token("raced")], Date.now())).toEqual(["raced"]);
      await tx`update credentials set status = 'disabled' where id = 'cred_erp'`;
      await tx`delete from api_tokens where credential_id = 'cred_erp'`;
    });
    // The delete could not see it: it is there, refused while the key is disabled (per call).
    expect(await store.sql`select token_hash from api_tokens`).toEqual([{ token_hash: "raced" }]);
    await setCredentialStatus(admin(), "cred_erp", "enabled");
    expect(await store.sql`select token_hash from api_tokens`).toEqual([]);
  });

  it("a token of an address the list did not hold (a login racing its removal) is ended when the address comes back", async () => {
    const { store, token, admin } = await storeWithKey();
    const ctx = admin();
    await updateCredential(ctx, "cred_erp", { allowedIps: [{ entry: "198.51.100.0/24", note: "" }] });
    // Written as the removal of 203.0.113.10 committed: its delete could not see it.
    expect(await store.repos.tokens.insertIfCredentialValid([token("raced")], Date.now())).toEqual(["raced"]);
    await updateCredential(ctx, "cred_erp", {
      allowedIps: [
        { entry: "198.51.100.0/24", note: "" },
        { entry: "203.0.113.10", note: "" },
      ],
    });
    expect(await store.sql`select token_hash from api_tokens`).toEqual([]);
  });

  // A review's find: with the token insert SERIALIZABLE, a loop of logins made every attempt to
  // disable, re-key or delete the key collide, and the admin got 409 for as long as it ran.
  it("a disable goes through while logins for the key keep coming", async () => {
    const { store, token, admin } = await storeWithKey();
    const flood = { on: true, written: 0 };
    const logins = Array.from({ length: 8 }, async (_, loop) => {
      for (let n = 0; flood.on; n += 1) flood.written += (await store.repos.tokens.insertIfCredentialValid([token(`t-${loop}-${n}`)], Date.now())).length;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    try {
      await setCredentialStatus(admin(), "cred_erp", "disabled");
    } finally {
      flood.on = false;
      await Promise.all(logins);
    }
    expect(flood.written).toBeGreaterThan(10);
    expect(performance.now() - started).toBeLessThan(3000);
    const [after] = await store.sql<{ status: string }[]>`select status from credentials where id = 'cred_erp'`;
    expect(after?.status).toBe("disabled");
    // Tokens the disable's delete could not see are ended at the next enable (the test above).
    await setCredentialStatus(admin(), "cred_erp", "enabled");
    expect(await store.sql`select token_hash from api_tokens`).toEqual([]);
  }, 30_000);
});
