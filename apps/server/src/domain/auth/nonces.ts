import type { Repositories } from "../../db/repositories.ts";
import type { Clock } from "../../lib/clock.ts";
import type { SharedRedis } from "../../lib/shared-redis.ts";
import { NONCE_TTL_SECONDS } from "./signed-request.ts";

/** Accepts a signed request's nonce once per key within 602 s; false when it was seen already. */
export type NonceStore = { claim: (credentialId: string, nonce: string) => Promise<boolean> };

const PRUNE_EVERY_MS = 60_000;

/**
 * The nonces table, shared by every instance on the database: a nonce whose row has expired may
 * be used again (the row is renewed), a live one may not. Expired rows are pruned once a minute.
 */
export function tableNonceStore(repos: Repositories, clock: Clock): NonceStore {
  let prunedAt = 0;
  return {
    claim: async (credentialId, nonce) => {
      const now = clock();
      if (now - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now;
        await repos.nonces.pruneExpired(now);
      }
      return repos.nonces.claim(credentialId, nonce, now + NONCE_TTL_SECONDS * 1000, now);
    },
  };
}

/**
 * Redis `SET NX EX` when instances share one (REDIS_URL); while it is away the table takes over,
 * which every instance on the same database shares too.
 */
export function redisNonceStore(redis: SharedRedis, table: NonceStore, prefix = "gatehouse:nonce:"): NonceStore {
  return {
    claim: async (credentialId, nonce) => {
      if (!redis.available()) return table.claim(credentialId, nonce);
      try {
        return (await redis.client.set(`${prefix}${credentialId}:${nonce}`, "1", "EX", NONCE_TTL_SECONDS, "NX")) === "OK";
      } catch {
        return table.claim(credentialId, nonce);
      }
    },
  };
}
