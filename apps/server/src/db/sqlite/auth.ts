import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { AuthCredentialRow, AuthRepository } from "../../domain/auth/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { allowedIps, credentials } from "../schema/index.ts";

/** The auth cache's loads: today's queries, prepared once. */
export function sqliteAuth(db: Db): Synchronous<AuthRepository> {
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
  const byUsername = db
    .select(columns)
    .from(credentials)
    .where(and(sql`lower(${credentials.username}) = ${sql.placeholder("username")}`, isNull(credentials.deletedAt)))
    .prepare();
  const byId = db
    .select(columns)
    .from(credentials)
    .where(and(eq(credentials.id, sql.placeholder("id")), isNull(credentials.deletedAt)))
    .prepare();
  const entries = db
    .select({ entry: allowedIps.entry })
    .from(allowedIps)
    .where(eq(allowedIps.credentialId, sql.placeholder("id")))
    .orderBy(asc(allowedIps.position))
    .prepare();
  const sample = db
    .select({ sealed: credentials.signingSecret, boundTo: credentials.id })
    .from(credentials)
    .where(and(isNotNull(credentials.signingSecret), isNull(credentials.deletedAt)))
    .limit(1)
    .prepare();
  const withEntries = (row: AuthCredentialRow | undefined) => row && { credential: row, allowedIps: entries.all({ id: row.id }).map((ip) => ip.entry) };
  return {
    credentialByUsername: (lowerUsername) => withEntries(byUsername.get({ username: lowerUsername })),
    credentialById: (id) => withEntries(byId.get({ id })),
    signingSecretSample: () => {
      const found = sample.get();
      return found?.sealed ? { sealed: found.sealed, boundTo: found.boundTo } : null;
    },
  };
}
