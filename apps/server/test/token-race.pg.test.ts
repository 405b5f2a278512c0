import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { openPgStore } from "../src/db/pg/client.ts";
import { sqlStateOf } from "../src/db/pg/sql-state.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

// A review's find on two instances: logins answered while a disable was committing wrote tokens
// the disable's delete could not see, and they worked again once the key was enabled.
describe.runIf(testDatabaseUrl)("a token written while its key is being disabled, on PostgreSQL", () => {
  it("does not outlive the disable: the two collide, and the disable tried again removes it", async () => {
    const created = await freshDatabase();
    cleanups.push(created.drop);
    const store = await openPgStore(created.url);
    cleanups.push(() => store.close());
    await store.sql`insert into credentials (id, username, key_prefix, key_hash, status, scopes, created_at, updated_at)
      values ('cred_erp', 'erp-sync', 'gk_abcde', 'key-hash', 'enabled', '[]', now(), now())`;
    const now = Date.now();
    const token = { tokenHash: "token-hash", credentialId: "cred_erp", keyHash: "key-hash", ip: "203.0.113.10", createdAt: now, expiresAt: now + 3_600_000 };

    // The disable, as an admin change runs it: SERIALIZABLE, tried again when PostgreSQL refuses it.
    const admin = postgres(created.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end());
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 3 && outcomes.at(-1) !== "committed"; attempt += 1) {
      try {
        await admin.begin("isolation level serializable", async (tx) => {
          await tx`select status from credentials where id = 'cred_erp'`;
          // The login's token is written from another connection while the disable is under way.
          if (attempt === 0) expect(await store.repos.tokens.insertIfCredentialValid([token], now)).toEqual(["token-hash"]);
          await tx`update credentials set status = 'disabled' where id = 'cred_erp'`;
          await tx`delete from api_tokens where credential_id = 'cred_erp'`;
        });
        outcomes.push("committed");
      } catch (error) {
        outcomes.push(sqlStateOf(error));
      }
    }
    expect(outcomes).toEqual(["40001", "committed"]);
    expect(await store.sql`select token_hash from api_tokens`).toHaveLength(0);
  });
});
