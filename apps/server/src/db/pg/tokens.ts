import { eq, lt, sql } from "drizzle-orm";
import type { TokenRepository } from "../../domain/auth/repository.ts";
import type { PgExecutor, PgSql } from "./client.ts";
import { apiTokens, endedTokens } from "./schema/index.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/** `pool` is the pool `db` runs on, for the one statement sent prepared through postgres.js. */
export function pgTokens(db: PgExecutor, pool: PgSql): TokenRepository {
  return {
    // One statement for the whole batch: each token is written only if its credential, as the
    // statement sees it, is enabled and takes the token's key.
    insertIfCredentialValid: async (tokens, now) => {
      if (tokens.length === 0) return [];
      // Text, not pool.json(): drizzle passes JSON parameters of this pool through unserialised.
      const batch = tokens.map((token) => ({
        token_hash: token.tokenHash,
        credential_id: token.credentialId,
        key_hash: token.keyHash,
        ip: token.ip,
        created_at: iso(token.createdAt),
        expires_at: iso(token.expiresAt),
      }));
      // One prepared statement, one round trip, under READ COMMITTED. A token written while a
      // disable commits can outlive the disable's delete; it is refused while the key is
      // disabled, and enabling the key ends every token it has (domain/credentials/write.ts).
      // SERIALIZABLE instead made the two collide, and a review's loop of logins then kept the
      // admin's disable failing with 409 for as long as it ran.
      const rows = await pool<{ token_hash: string }[]>`
        insert into api_tokens (token_hash, credential_id, key_hash, ip, created_at, expires_at)
        select t.token_hash, t.credential_id, t.key_hash, t.ip, t.created_at, t.expires_at
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          as t(token_hash text, credential_id text, key_hash text, ip text, created_at timestamptz, expires_at timestamptz)
        where exists (
          select 1 from credentials c where c.id = t.credential_id and c.deleted_at is null and c.status = 'enabled'
            and (c.key_hash = t.key_hash or (c.previous_key_hash = t.key_hash and c.previous_key_expires_at > ${iso(now)}::timestamptz)))
        on conflict do nothing
        returning token_hash`;
      return rows.map((row) => row.token_hash);
    },
    get: async (tokenHash) => (await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)))[0],
    touch: async (tokenHash, expiresAt) => {
      await db.update(apiTokens).set({ expiresAt }).where(eq(apiTokens.tokenHash, tokenHash));
    },
    // Each ended token leaves its credential behind in ended_tokens (see the schema): the delete
    // and that insert are one statement.
    delete: async (tokenHash) => {
      const [ended] = await db.execute<{ credential_id: string }>(sql`
        with gone as (delete from api_tokens where token_hash = ${tokenHash} returning token_hash, credential_id, expires_at),
          kept as (insert into ended_tokens (token_hash, credential_id, expires_at) select * from gone on conflict do nothing)
        select credential_id from gone`);
      return ended?.credential_id ?? null;
    },
    endedFor: async (tokenHash) => {
      const [ended] = await db.select({ credentialId: endedTokens.credentialId }).from(endedTokens).where(eq(endedTokens.tokenHash, tokenHash));
      return ended?.credentialId ?? null;
    },
    recordEnded: async (tokens) => {
      if (tokens.length === 0) return;
      const batch = JSON.stringify(
        tokens.map((token) => ({ token_hash: token.tokenHash, credential_id: token.credentialId, expires_at: iso(token.expiresAt) })),
      );
      await db.execute(sql`
        insert into ended_tokens (token_hash, credential_id, expires_at)
        select t.token_hash, t.credential_id, t.expires_at
        from jsonb_to_recordset(${batch}::jsonb) as t(token_hash text, credential_id text, expires_at timestamptz)
        where exists (select 1 from credentials c where c.id = t.credential_id)
        on conflict do nothing`);
    },
    pruneExpired: async (now) => {
      await db.delete(endedTokens).where(lt(endedTokens.expiresAt, now));
      return (await db.delete(apiTokens).where(lt(apiTokens.expiresAt, now)).returning({ tokenHash: apiTokens.tokenHash })).length;
    },
    deleteOfCredential: async (credentialId, keep) => {
      let ending: string[] | null = null;
      if (keep) {
        const tokens = await db
          .select({ tokenHash: apiTokens.tokenHash, ip: apiTokens.ip, keyHash: apiTokens.keyHash })
          .from(apiTokens)
          .where(eq(apiTokens.credentialId, credentialId));
        ending = tokens.filter((token) => !keep(token)).map((token) => token.tokenHash);
        if (ending.length === 0) return;
      }
      await db.execute(sql`
        with gone as (
          delete from api_tokens
          where credential_id = ${credentialId} ${ending === null ? sql`` : sql`and token_hash in (select jsonb_array_elements_text(${JSON.stringify(ending)}::jsonb))`}
          returning token_hash, credential_id, expires_at)
        insert into ended_tokens (token_hash, credential_id, expires_at) select * from gone
        on conflict do nothing`);
    },
  };
}
