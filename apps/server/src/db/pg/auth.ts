import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { AuthCredentialRow, AuthRepository } from "../../domain/auth/repository.ts";
import type { PgExecutor } from "./client.ts";
import { allowedIps, credentials } from "./schema/index.ts";

const columns = {
  id: credentials.id,
  username: credentials.username,
  status: credentials.status,
  keyHash: credentials.keyHash,
  previousKeyHash: credentials.previousKeyHash,
  previousKeyExpiresAt: credentials.previousKeyExpiresAt,
  scopes: credentials.scopes,
  expiresAt: credentials.expiresAt,
  rateLimit: credentials.rateLimit,
  ipEnforcement: credentials.ipEnforcement,
  signingMode: credentials.signingMode,
  signingAlg: credentials.signingAlg,
  signingPublicKey: credentials.signingPublicKey,
  signingSecret: credentials.signingSecret,
};

export function pgAuth(db: PgExecutor): AuthRepository {
  const withEntries = async (row: AuthCredentialRow | undefined) => {
    if (!row) return undefined;
    const entries = await db.select({ entry: allowedIps.entry }).from(allowedIps).where(eq(allowedIps.credentialId, row.id)).orderBy(asc(allowedIps.position));
    return { credential: row, allowedIps: entries.map((ip) => ip.entry) };
  };
  return {
    credentialByUsername: async (lowerUsername) =>
      withEntries(
        (
          await db
            .select(columns)
            .from(credentials)
            .where(and(sql`lower(${credentials.username}) = ${lowerUsername}`, isNull(credentials.deletedAt)))
        )[0],
      ),
    credentialById: async (id) =>
      withEntries(
        (
          await db
            .select(columns)
            .from(credentials)
            .where(and(eq(credentials.id, id), isNull(credentials.deletedAt)))
        )[0],
      ),
    signingSecretSample: async () => {
      const [found] = await db
        .select({ sealed: credentials.signingSecret, boundTo: credentials.id })
        .from(credentials)
        .where(and(isNotNull(credentials.signingSecret), isNull(credentials.deletedAt)))
        .limit(1);
      return found?.sealed ? { sealed: found.sealed, boundTo: found.boundTo } : null;
    },
  };
}
