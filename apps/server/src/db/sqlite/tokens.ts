import type { EndedToken, KeepToken, TokenRepository, TokenRow } from "../../domain/auth/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Sqlite } from "../client.ts";

/** Today's statements, prepared once: the token lookup and the batch write are on the auth path. */
export function sqliteTokens(sqlite: Sqlite): Synchronous<TokenRepository> {
  // The credential's keys are read once per batch, not joined into every insert: with an
  // `insert … select … where exists` per token, `bench:tokens` measured 11–13 µs a token, with
  // a plain insert 9–10 µs. Both happen in one transaction that holds the write lock from its
  // start (`immediate`), so no other process can disable or re-key the credential between the
  // check and the write.
  const keysOf = sqlite.prepare<[string], { keyHash: string; previousKeyHash: string | null; previousKeyExpiresAt: number | null }>(
    `select key_hash as keyHash, previous_key_hash as previousKeyHash, previous_key_expires_at as previousKeyExpiresAt
     from credentials where id = ? and deleted_at is null and status = 'enabled'`,
  );
  const insert = sqlite.prepare<[string, string, string, string, number, number]>(
    "insert or ignore into api_tokens (token_hash, credential_id, key_hash, ip, created_at, expires_at) values (?, ?, ?, ?, ?, ?)",
  );
  const insertAll = sqlite.transaction((tokens: TokenRow[], now: number) => {
    const keys = new Map<string, ReturnType<typeof keysOf.get>>();
    const written: string[] = [];
    for (const { tokenHash, credentialId, keyHash, ip, createdAt, expiresAt } of tokens) {
      if (!keys.has(credentialId)) keys.set(credentialId, keysOf.get(credentialId));
      const credential = keys.get(credentialId);
      const keyValid =
        credential !== undefined &&
        (credential.keyHash === keyHash ||
          (credential.previousKeyHash === keyHash && credential.previousKeyExpiresAt !== null && credential.previousKeyExpiresAt > now));
      if (keyValid && insert.run(tokenHash, credentialId, keyHash, ip, createdAt, expiresAt).changes === 1) written.push(tokenHash);
    }
    return written;
  });
  const get = sqlite.prepare<[string], TokenRow>(
    `select token_hash as tokenHash, credential_id as credentialId, key_hash as keyHash, ip, created_at as createdAt, expires_at as expiresAt
     from api_tokens where token_hash = ?`,
  );
  const touch = sqlite.prepare<[number, string]>("update api_tokens set expires_at = ? where token_hash = ?");
  const prune = sqlite.prepare<[number]>("delete from api_tokens where expires_at < ?");
  const pruneEnded = sqlite.prepare<[number]>("delete from ended_tokens where expires_at < ?");
  const endedOne = sqlite.prepare<[string], { credentialId: string }>("select credential_id as credentialId from ended_tokens where token_hash = ?");
  // Each ended token leaves its credential behind in ended_tokens (see the schema), in the
  // same transaction as its delete.
  const tombstone = "insert or ignore into ended_tokens (token_hash, credential_id, expires_at) select token_hash, credential_id, expires_at from api_tokens";
  const endOne = sqlite.prepare<[string]>(`${tombstone} where token_hash = ?`);
  const removeOne = sqlite.prepare<[string], { credential_id: string }>("delete from api_tokens where token_hash = ? returning credential_id");
  const endAll = sqlite.prepare<[string]>(`${tombstone} where credential_id = ?`);
  const removeAll = sqlite.prepare<[string]>("delete from api_tokens where credential_id = ?");
  const tokensOf = sqlite.prepare<[string], { tokenHash: string; ip: string; keyHash: string }>(
    "select token_hash as tokenHash, ip, key_hash as keyHash from api_tokens where credential_id = ?",
  );
  const recordOne = sqlite.prepare<[string, string, number, string]>(
    "insert or ignore into ended_tokens (token_hash, credential_id, expires_at) select ?, ?, ? where exists (select 1 from credentials where id = ?)",
  );
  const recordAll = sqlite.transaction((tokens: EndedToken[]) => {
    for (const { tokenHash, credentialId, expiresAt } of tokens) recordOne.run(tokenHash, credentialId, expiresAt, credentialId);
  });
  const end = sqlite.transaction((tokenHash: string) => {
    endOne.run(tokenHash);
    return removeOne.get(tokenHash)?.credential_id ?? null;
  });
  const endOfCredential = sqlite.transaction((credentialId: string, keep?: KeepToken) => {
    if (!keep) {
      endAll.run(credentialId);
      removeAll.run(credentialId);
      return;
    }
    for (const token of tokensOf.all(credentialId)) if (!keep(token)) end(token.tokenHash);
  });
  return {
    insertIfCredentialValid: (tokens, now) => (tokens.length === 0 ? [] : insertAll.immediate(tokens, now)),
    get: (tokenHash) => get.get(tokenHash),
    touch: (tokenHash, expiresAt) => {
      touch.run(expiresAt, tokenHash);
    },
    delete: (tokenHash) => end(tokenHash),
    endedFor: (tokenHash) => endedOne.get(tokenHash)?.credentialId ?? null,
    recordEnded: (tokens) => {
      if (tokens.length > 0) recordAll(tokens);
    },
    pruneExpired: (now) => {
      pruneEnded.run(now);
      return prune.run(now).changes;
    },
    deleteOfCredential: (credentialId, keep) => endOfCredential(credentialId, keep),
  };
}
