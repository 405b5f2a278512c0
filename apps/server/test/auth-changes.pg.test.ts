import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authChangeReader } from "../src/db/pg/auth-changes.ts";
import { openPgStore, type PgStore } from "../src/db/pg/client.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

describe.runIf(testDatabaseUrl)("the PostgreSQL auth change log", () => {
  let store: PgStore;
  let drop: () => Promise<void>;
  const seen: string[] = [];
  let read: (now: number) => Promise<void>;
  const changedSince = async () => {
    seen.length = 0;
    await read(Date.now());
    return [...seen];
  };

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    store = await openPgStore(database.url);
    read = await authChangeReader(store.sql, (id) => seen.push(id));
    await store.sql`insert into credentials (id, username, key_hash, key_prefix, status, scopes, description, created_at, updated_at)
      values ('cred_a', 'a', 'hash', 'gk_a', 'enabled', '[]', '', now(), now()), ('cred_b', 'b', 'hash', 'gk_b', 'enabled', '[]', '', now(), now())`;
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it("names a credential created, disabled or re-keyed, once", async () => {
    expect((await changedSince()).toSorted()).toEqual(["cred_a", "cred_b"]);
    await store.sql`update credentials set status = 'disabled' where id = 'cred_a'`;
    expect(await changedSince()).toEqual(["cred_a"]);
    expect(await changedSince()).toEqual([]);
  });

  it("stays quiet when only the last use or a token's expiry moves (the flush writes those every second)", async () => {
    await store.sql`update credentials set last_used_at = now(), last_used_ip = '203.0.113.1' where id = 'cred_b'`;
    await store.sql`insert into api_tokens (token_hash, credential_id, key_hash, ip, created_at, expires_at) values ('t1', 'cred_b', 'hash', '203.0.113.1', now(), now())`;
    await store.sql`update api_tokens set expires_at = now() + interval '1 hour' where token_hash = 't1'`;
    expect(await changedSince()).toEqual([]);
  });

  it("names the credential whose allowed IPs change or whose tokens end", async () => {
    await store.sql`insert into allowed_ips (credential_id, position, entry) values ('cred_b', 0, '203.0.113.1'), ('cred_b', 1, '203.0.113.2')`;
    expect(await changedSince()).toEqual(["cred_b"]);
    await store.sql`delete from allowed_ips where credential_id = 'cred_b'`;
    await store.sql`delete from api_tokens where token_hash = 't1'`;
    expect(await changedSince()).toEqual(["cred_b", "cred_b"]);
  });

  it("picks up a change whose transaction commits after a later one was read", async () => {
    const slow = await store.sql.reserve();
    await slow`begin`;
    await slow`update credentials set status = 'enabled' where id = 'cred_a'`;
    await store.sql`update credentials set rate_limit = 10 where id = 'cred_b'`;
    expect(await changedSince()).toEqual(["cred_b"]);
    await slow`commit`;
    slow.release();
    expect(await changedSince()).toEqual(["cred_a"]);
  });
});
