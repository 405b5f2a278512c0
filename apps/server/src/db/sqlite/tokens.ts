import { eq, inArray } from "drizzle-orm";
import type { TokenRepository } from "../../domain/auth/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { apiTokens } from "../schema/index.ts";

export function sqliteTokens(db: Db): Synchronous<TokenRepository> {
  return {
    deleteOfCredential: (credentialId, keep) => {
      if (!keep) {
        db.delete(apiTokens).where(eq(apiTokens.credentialId, credentialId)).run();
        return;
      }
      const ended = db
        .select({ tokenHash: apiTokens.tokenHash, ip: apiTokens.ip, keyHash: apiTokens.keyHash })
        .from(apiTokens)
        .where(eq(apiTokens.credentialId, credentialId))
        .all()
        .filter((token) => !keep(token))
        .map((token) => token.tokenHash);
      if (ended.length > 0) db.delete(apiTokens).where(inArray(apiTokens.tokenHash, ended)).run();
    },
  };
}
