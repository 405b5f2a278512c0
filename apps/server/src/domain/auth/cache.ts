import { compileIpMatcher, type IpMatcher, type Scope } from "@gatehouse/shared";
import { asc, eq, isNull, and, sql } from "drizzle-orm";
import type { Db, Sqlite } from "../../db/client.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import type { Clock } from "../../lib/clock.ts";
import { emptyAuthCacheStats } from "../../lib/metrics.ts";
import { keyStillValid, refusal } from "./verify-key.ts";
import { createPublicKey, createSecretKey, type JsonWebKey } from "node:crypto";
import type { SecretBox } from "../../lib/secret-box.ts";
import type { SigningAuth } from "./signed-request.ts";
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
  allowListSize: number;
  /** Report only: an unlisted address is served (recorded ip_not_listed), not refused. Read only on a miss of the list. */
  ipReportOnly: boolean;
  /** Request signing, its key ready to verify with; null when signing is Off (the hot path checks only this). */
  signing: SigningAuth | null;
};

export type TokenAuth = {
  tokenHash: string;
  credentialId: string;
  keyHash: string;
  ip: string;
  createdAt: number;
  expiresAt: number;
  persistedExpiresAt: number;
};

// Unknown usernames are remembered too (as null); the maps are bounded by bytes, so a flood of
// made-up names (or huge ones) cannot grow the process. 10,000 credentials take about 10 MB.
const CREDENTIALS_MAX_BYTES = 32 * 1024 * 1024;
const TOKENS_MAX_BYTES = 32 * 1024 * 1024;

const credentialBytes = (auth: CredentialAuth | null) =>
  auth === null ? 8 : 600 + 2 * (auth.username.length + auth.keyHash.length + (auth.previousKeyHash?.length ?? 0)) + 120 * auth.allowListSize;
const tokenBytes = (token: TokenAuth) => 300 + 2 * (token.tokenHash.length + token.keyHash.length + token.ip.length + token.credentialId.length);

/**
 * In-memory copy of credentials and tokens for the auth path. This process drops an entry
 * when it changes one; changes from other processes (the CLI) are seen through SQLite's
 * data_version, checked at least every 250 ms, which empties the cache.
 */
export class AuthCache {
  private byUsername = new BoundedMap<CredentialAuth | null>(CREDENTIALS_MAX_BYTES / 2, credentialBytes);
  private byId = new BoundedMap<CredentialAuth | null>(CREDENTIALS_MAX_BYTES / 2, credentialBytes);
  /** Known tokens only: a miss is never remembered, so no flood can shadow a real token. */
  private tokens = new BoundedMap<TokenAuth>(TOKENS_MAX_BYTES, tokenBytes);
  /** Issued tokens not yet in the database; looked up first and never evicted (flushed within 200 ms). */
  private unwritten = new Map<string, TokenAuth>();
  private dataVersion: number;
  /** Plain counts for GET /metrics, read at scrape time. */
  readonly stats = emptyAuthCacheStats();

  constructor(
    private readonly db: Db,
    private readonly sqlite: Sqlite,
    private readonly clock: Clock,
    /** Opens sealed hmac signing secrets for the signature check. */
    private readonly secrets: SecretBox,
    /**
     * With several instances (REDIS_URL set), a token is written before the login is answered:
     * the integration's next call may reach another instance a millisecond later, and a token
     * still waiting in this one's batch was refused there.
     */
    private readonly writeTokensAtOnce = false,
  ) {
    this.dataVersion = this.readDataVersion();
  }

  credentialByUsername(username: string): CredentialAuth | null {
    const key = username.toLowerCase();
    const cached = this.byUsername.get(key);
    if (cached !== undefined) {
      this.stats.credentialHits += 1;
      return cached;
    }
    this.stats.credentialMisses += 1;
    const row = this.db
      .select()
      .from(credentials)
      .where(and(sql`lower(${credentials.username}) = ${key}`, isNull(credentials.deletedAt)))
      .get();
    const auth = row ? this.compile(row) : null;
    this.byUsername.set(key, auth);
    return auth;
  }

  /** The cached credential for a username, without touching the database. */
  peekByUsername(username: string): CredentialAuth | null {
    return this.byUsername.get(username.toLowerCase()) ?? null;
  }

  credentialById(id: string): CredentialAuth | null {
    const cached = this.byId.get(id);
    if (cached !== undefined) {
      this.stats.credentialHits += 1;
      return cached;
    }
    this.stats.credentialMisses += 1;
    const row = this.db
      .select()
      .from(credentials)
      .where(and(eq(credentials.id, id), isNull(credentials.deletedAt)))
      .get();
    const auth = row ? this.compile(row) : null;
    this.byId.set(id, auth);
    return auth;
  }

  token(tokenHash: string): TokenAuth | null {
    const known = this.unwritten.get(tokenHash) ?? this.tokens.get(tokenHash);
    if (known !== undefined) {
      this.stats.tokenHits += 1;
      return known;
    }
    this.stats.tokenMisses += 1;
    const row = this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get();
    if (!row) return null;
    const auth = { ...row, persistedExpiresAt: row.expiresAt };
    this.tokens.set(tokenHash, auth);
    return auth;
  }

  issueToken(token: TokenAuth) {
    if (!this.writeTokensAtOnce) {
      this.unwritten.set(token.tokenHash, token);
      return;
    }
    this.writeTokens([token]);
    this.tokens.set(token.tokenHash, token);
  }

  forgetToken(tokenHash: string) {
    this.tokens.delete(tokenHash);
    this.unwritten.delete(tokenHash);
  }

  /**
   * Writes issued tokens in one transaction. A token whose credential was disabled, deleted or
   * re-keyed meanwhile (here or by another process) is not written: it stays revoked.
   */
  flushTokens() {
    if (this.unwritten.size === 0) return;
    const tokens = [...this.unwritten.values()];
    this.writeTokens(tokens);
    for (const token of tokens) {
      this.unwritten.delete(token.tokenHash);
      this.tokens.set(token.tokenHash, token);
    }
  }

  private writeTokens(tokens: TokenAuth[]) {
    this.tokenWriter ??= this.prepareTokenWriter();
    this.tokenWriter(tokens);
  }

  private tokenWriter: ((tokens: TokenAuth[]) => void) | undefined;

  private prepareTokenWriter() {
    const insert = this.sqlite.prepare(
      `insert or ignore into api_tokens (token_hash, credential_id, key_hash, ip, created_at, expires_at)
       select @tokenHash, @credentialId, @keyHash, @ip, @createdAt, @expiresAt where exists (
         select 1 from credentials where id = @credentialId and deleted_at is null and status = 'enabled'
           and (key_hash = @keyHash or (previous_key_hash = @keyHash and previous_key_expires_at > @now)))`,
    );
    return this.sqlite.transaction((tokens: TokenAuth[]) => {
      const now = this.clock();
      for (const { tokenHash, credentialId, keyHash, ip, createdAt, expiresAt } of tokens)
        insert.run({ tokenHash, credentialId, keyHash, ip, createdAt, expiresAt, now });
    });
  }

  /** A credential changed in this process: drop it and every token that leans on it. */
  credentialChanged(id: string) {
    this.stats.credentialInvalidations += 1;
    for (const [key, value] of this.byUsername) if (value === null || value.id === id) this.byUsername.delete(key);
    this.byId.delete(id);
    for (const [key, value] of this.tokens) if (value.credentialId === id) this.tokens.delete(key);
    // Unwritten tokens of this credential are judged against its new state now: those that
    // still stand are written, the rest are dropped like the revoked rows in the database.
    const pending = [...this.unwritten.values()].filter((token) => token.credentialId === id);
    if (pending.length === 0) return;
    for (const token of pending) this.unwritten.delete(token.tokenHash);
    const credential = this.credentialById(id);
    const now = this.clock();
    const standing = pending.filter(
      (token) =>
        credential !== null &&
        refusal(credential, now) === null &&
        keyStillValid(credential, token.keyHash, now) &&
        (credential.ipReportOnly || credential.allowedIps.allows(token.ip)),
    );
    this.writeTokens(standing);
    for (const token of standing) this.tokens.set(token.tokenHash, token);
  }

  /** Empties the cache if another process committed to the database since the last look. */
  checkForeignChanges(): boolean {
    const version = this.readDataVersion();
    if (version === this.dataVersion) return false;
    this.dataVersion = version;
    this.stats.foreignInvalidations += 1;
    // Unwritten tokens are written first (where still valid), so none is lost with the cache.
    this.flushTokens();
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
      allowListSize: entries.length,
      ipReportOnly: row.ipEnforcement === "report",
      signing: this.signingOf(row),
    };
  }

  private signingOf(row: typeof credentials.$inferSelect): SigningAuth | null {
    if (row.signingMode === "off") return null;
    const required = row.signingMode === "required";
    if (row.signingAlg === "ed25519" && row.signingPublicKey)
      return { required, alg: "ed25519", key: createPublicKey({ key: JSON.parse(row.signingPublicKey) as JsonWebKey, format: "jwk" }) };
    if (row.signingAlg === "hmac-sha256" && row.signingSecret)
      // The HMAC key is the secret's text as ASCII bytes.
      return { required, alg: "hmac-sha256", key: createSecretKey(Buffer.from(this.secrets.open(row.signingSecret, row.id), "ascii")) };
    return null;
  }
}
