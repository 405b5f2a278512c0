import type { NonceRepository } from "../../domain/auth/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Sqlite } from "../client.ts";

/** The signature_nonces table (WITHOUT ROWID): a live nonce is kept, an expired one renewed. */
export function sqliteNonces(sqlite: Sqlite): Synchronous<NonceRepository> {
  const claim = sqlite.prepare(
    `insert into signature_nonces (credential_id, nonce, expires_at) values (@credentialId, @nonce, @expiresAt)
     on conflict (credential_id, nonce) do update set expires_at = excluded.expires_at where signature_nonces.expires_at <= @now`,
  );
  const prune = sqlite.prepare<[number]>("delete from signature_nonces where expires_at <= ?");
  return {
    claim: (credentialId, nonce, expiresAt, now) => claim.run({ credentialId, nonce, expiresAt, now }).changes === 1,
    pruneExpired: (now) => prune.run(now).changes,
  };
}
