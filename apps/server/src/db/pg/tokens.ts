import { eq, inArray } from "drizzle-orm";
import type { TokenRepository } from "../../domain/auth/repository.ts";
import type { PgExecutor } from "./client.ts";
import { apiTokens } from "./schema/index.ts";

export function pgTokens(db: PgExecutor): TokenRepository {
  return {
    deleteOfCredential: async (credentialId, keep) => {
      if (!keep) {
        await db.delete(apiTokens).where(eq(apiTokens.credentialId, credentialId));
        return;
      }
      const tokens = await db
        .select({ tokenHash: apiTokens.tokenHash, ip: apiTokens.ip, keyHash: apiTokens.keyHash })
        .from(apiTokens)
        .where(eq(apiTokens.credentialId, credentialId));
      const ended = tokens.filter((token) => !keep(token)).map((token) => token.tokenHash);
      if (ended.length > 0) await db.delete(apiTokens).where(inArray(apiTokens.tokenHash, ended));
    },
  };
}
