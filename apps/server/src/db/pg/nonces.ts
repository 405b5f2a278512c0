import { lte, sql } from "drizzle-orm";
import type { NonceRepository } from "../../domain/auth/repository.ts";
import type { PgExecutor } from "./client.ts";
import { signatureNonces } from "./schema/index.ts";

export function pgNonces(db: PgExecutor): NonceRepository {
  return {
    // One statement: of instances claiming one nonce at once, the unique key lets exactly one
    // insert it; the others meet a live row and change nothing. An expired row is renewed.
    claim: async (credentialId, nonce, expiresAt, now) => {
      const claimed = await db
        .insert(signatureNonces)
        .values({ credentialId, nonce, expiresAt })
        .onConflictDoUpdate({
          target: [signatureNonces.credentialId, signatureNonces.nonce],
          set: { expiresAt: sql`excluded.expires_at` },
          setWhere: lte(signatureNonces.expiresAt, now),
        })
        .returning({ nonce: signatureNonces.nonce });
      return claimed.length === 1;
    },
    pruneExpired: async (now) =>
      (await db.delete(signatureNonces).where(lte(signatureNonces.expiresAt, now)).returning({ nonce: signatureNonces.nonce })).length,
  };
}
