import { compileIpMatcher, type IpMatcher, type Scope } from "@gatehouse/shared";
import { asc, eq, isNull, and, sql } from "drizzle-orm";
import type { Db, Sqlite } from "../../db/client.ts";
import { allowedIps, apiTokens, credentials } from "../../db/schema/index.ts";

/** What the auth path needs to know about a credential, with its allow-list compiled. */
export type CredentialAuth = {
  id: string;
  username: string;
  status: "enabled" | "disabled";
  keyHash: string;
  previousKeyHash: string | null;
  previousKeyExpiresAt: number | null;
  scopes: ReadonlySet<Scope>;
  scopeList: Scope[];
  expiresAt: number | null;
  rateLimit: number | null;
  allowedIps: IpMatcher;
};

export type TokenAuth = { tokenHash: string; credentialId: string; keyHash: string; ip: string; expiresAt: number; persistedExpiresAt: number };

// Unknown usernames are remembered too (as null), so bounding the maps bounds what a flood of
// made-up usernames can cost.
const MAX_ENTRIES = 50_000;

/**
 * In-memory copy of credentials and tokens for the auth path. This process drops an entry
 * when it changes one; changes from other processes (the CLI) are seen through SQLite's
 * data_version, checked at least every 250 ms, which empties the cache.
 */
export class AuthCache {
  private byUsername = new Map<string, CredentialAuth | null>();
  private byId = new Map<string, CredentialAuth | null>();
  private tokens = new Map<string, TokenAuth | null>();
  private dataVersion: number;

  constructor(
    private readonly db: Db,
    private readonly sqlite: Sqlite,
  ) {
    this.dataVersion = this.readDataVersion();
  }

  credentialByUsername(username: string): CredentialAuth | null {
    const key = username.toLowerCase();
    const cached = this.byUsername.get(key);
    if (cached !== undefined) return cached;
    const row = this.db
      .select()
      .from(credentials)
      .where(and(sql`lower(${credentials.username}) = ${key}`, isNull(credentials.deletedAt)))
      .get();
    const auth = row ? this.compile(row) : null;
    this.remember(this.byUsername, key, auth);
    return auth;
  }

  /** The cached credential for a username, without touching the database. */
  peekByUsername(username: string): CredentialAuth | null {
    return this.byUsername.get(username.toLowerCase()) ?? null;
  }

  credentialById(id: string): CredentialAuth | null {
    const cached = this.byId.get(id);
    if (cached !== undefined) return cached;
    const row = this.db
      .select()
      .from(credentials)
      .where(and(eq(credentials.id, id), isNull(credentials.deletedAt)))
      .get();
    const auth = row ? this.compile(row) : null;
    this.remember(this.byId, id, auth);
    return auth;
  }

  token(tokenHash: string): TokenAuth | null {
    const cached = this.tokens.get(tokenHash);
    if (cached !== undefined) return cached;
    const row = this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get();
    const auth = row ? { ...row, persistedExpiresAt: row.expiresAt } : null;
    this.remember(this.tokens, tokenHash, auth);
    return auth;
  }

  rememberToken(token: TokenAuth) {
    this.remember(this.tokens, token.tokenHash, token);
  }

  forgetToken(tokenHash: string) {
    this.tokens.delete(tokenHash);
  }

  /** A credential changed in this process: drop it and every token that leans on it. */
  credentialChanged(id: string) {
    for (const [key, value] of this.byUsername) if (value === null || value.id === id) this.byUsername.delete(key);
    this.byId.delete(id);
    for (const [key, value] of this.tokens) if (value === null || value.credentialId === id) this.tokens.delete(key);
  }

  /** Empties the cache if another process committed to the database since the last look. */
  checkForeignChanges(): boolean {
    const version = this.readDataVersion();
    if (version === this.dataVersion) return false;
    this.dataVersion = version;
    this.clear();
    return true;
  }

  clear() {
    this.byUsername.clear();
    this.byId.clear();
    this.tokens.clear();
  }

  private readDataVersion(): number {
    return Number(this.sqlite.pragma("data_version", { simple: true }));
  }

  private remember<V>(map: Map<string, V>, key: string, value: V) {
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }

  private compile(row: typeof credentials.$inferSelect): CredentialAuth {
    const entries = this.db
      .select({ entry: allowedIps.entry })
      .from(allowedIps)
      .where(eq(allowedIps.credentialId, row.id))
      .orderBy(asc(allowedIps.position))
      .all()
      .map((ip) => ip.entry);
    const scopeList = row.scopes as Scope[];
    return {
      id: row.id,
      username: row.username,
      status: row.status,
      keyHash: row.keyHash ?? "",
      previousKeyHash: row.previousKeyHash,
      previousKeyExpiresAt: row.previousKeyExpiresAt,
      scopes: new Set(scopeList),
      scopeList,
      expiresAt: row.expiresAt,
      rateLimit: row.rateLimit,
      allowedIps: compileIpMatcher(entries),
    };
  }
}
