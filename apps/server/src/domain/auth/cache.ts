import { compileIpMatcher, type IpMatcher, type Scope } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import type { Clock } from "../../lib/clock.ts";
import { emptyAuthCacheStats } from "../../lib/metrics.ts";
import { keyStillValid, refusal } from "./verify-key.ts";
import { createPublicKey, createSecretKey, type JsonWebKey } from "node:crypto";
import type { SecretBox } from "../../lib/secret-box.ts";
import type { SigningAuth } from "./signed-request.ts";
import type { AuthCredential, AuthCredentialRow, TokenRow } from "./repository.ts";

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

/** A token as the auth path holds it: its row, and the expiry last written (the sliding one runs ahead). */
export type TokenAuth = TokenRow & { persistedExpiresAt: number };

/**
 * A token row as the cache holds it, every field spelled out. A spread copy
 * (`{ ...row, persistedExpiresAt }`) gave each token a hidden class of its own in V8, with its
 * descriptors and a property array: about 300 bytes more a token, and a login flood's garbage
 * kept V8 from collecting the old generation in time (RSS 230 MB after the login rounds of a
 * bench instead of 162). test/auth-cache.backends.test.ts checks that tokens share one class.
 */
export const tokenAuth = ({ tokenHash, credentialId, keyHash, ip, createdAt, expiresAt }: TokenRow): TokenAuth => ({
  tokenHash,
  credentialId,
  keyHash,
  ip,
  createdAt,
  expiresAt,
  persistedExpiresAt: expiresAt,
});

// Unknown usernames are remembered too (as null); the maps are bounded by bytes, so a flood of
// made-up names (or huge ones) cannot grow the process. 10,000 credentials take about 10 MB.
const CREDENTIALS_MAX_BYTES = 32 * 1024 * 1024;
const TOKENS_MAX_BYTES = 32 * 1024 * 1024;

const credentialBytes = (auth: CredentialAuth | null) =>
  auth === null ? 8 : 600 + 2 * (auth.username.length + auth.keyHash.length + (auth.previousKeyHash?.length ?? 0)) + 120 * auth.allowListSize;
const tokenBytes = (token: TokenAuth) => 300 + 2 * (token.tokenHash.length + token.keyHash.length + token.ip.length + token.credentialId.length);

/** A value the cache had (answered at once), or one it is loading from the database. */
export type Cached<T> = T | Promise<T>;

export type AuthCacheOptions = {
  /**
   * With several instances on one database (REDIS_URL set), a token is written before the login
   * is answered: the integration's next call may reach another instance a millisecond later, and
   * a token still waiting in this one's batch was refused there.
   */
  writeTokensAtOnce?: boolean;
  /** SQLite's data_version: changes committed by other processes move it. Null where change notices tell (PostgreSQL). */
  dataVersion?: (() => number) | null;
  /** Work done behind a request (judging unwritten tokens) that failed. */
  onError?: (error: unknown) => void;
};

/**
 * In-memory copy of credentials and tokens for the auth path. A hit answers synchronously; a
 * miss loads through the repositories (a promise). This process drops an entry when it changes
 * one; changes from other processes reach `dropEverything`: on SQLite through data_version,
 * checked at least every 250 ms (`checkForeignChanges`), on PostgreSQL through change notices.
 */
export class AuthCache {
  private byUsername = new BoundedMap<CredentialAuth | null>(CREDENTIALS_MAX_BYTES / 2, credentialBytes);
  private byId = new BoundedMap<CredentialAuth | null>(CREDENTIALS_MAX_BYTES / 2, credentialBytes);
  /**
   * Known tokens only: a miss is never remembered, so no flood can shadow a real token. On SQLite
   * a token comes here at its first call after the flush wrote it (a local read), not at the
   * flush: a flood of logins whose tokens are never used (an integration that logs in for every
   * call) would evict the tokens in use, and its garbage held the process at 164-174 MB after the
   * login rounds of a bench instead of 143-151. Written at once (PostgreSQL, several instances),
   * a token comes here at its login: reading it back would cost its first call a round trip.
   */
  private tokens = new BoundedMap<TokenAuth>(TOKENS_MAX_BYTES, tokenBytes);
  /** Issued tokens not yet in the database; looked up first and never evicted (flushed within 200 ms). */
  private unwritten = new Map<string, TokenAuth>();
  /** Tokens whose delete is under way: a load meanwhile could read them back, so they are refused until it commits. */
  private revoking = new Set<string>();
  /** The flush under way: one at a time, so a token is never judged by two at once. */
  private flushing: Promise<void> | null = null;
  /**
   * Moves with every drop. A load that began before a drop is answered but not kept: it may
   * have read the row just before the change that caused the drop.
   */
  private drops = 0;
  private dataVersion: number;
  private readonly writeTokensAtOnce: boolean;
  private readonly readDataVersion: (() => number) | null;
  private readonly onError: (error: unknown) => void;
  /** Plain counts for GET /metrics, read at scrape time. */
  readonly stats = emptyAuthCacheStats();

  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    /** Opens sealed hmac signing secrets for the signature check. */
    private readonly secrets: SecretBox,
    options: AuthCacheOptions = {},
  ) {
    this.writeTokensAtOnce = options.writeTokensAtOnce ?? false;
    this.readDataVersion = options.dataVersion ?? null;
    this.onError = options.onError ?? (() => {});
    this.dataVersion = this.readDataVersion?.() ?? 0;
  }

  credentialByUsername(username: string): Cached<CredentialAuth | null> {
    const key = username.toLowerCase();
    const cached = this.byUsername.get(key);
    if (cached !== undefined) {
      this.stats.credentialHits += 1;
      return cached;
    }
    this.stats.credentialMisses += 1;
    const drops = this.drops;
    return this.repos.auth.credentialByUsername(key).then((found) => {
      const auth = found ? this.compile(found) : null;
      if (drops === this.drops) this.keep(key, auth);
      return auth;
    });
  }

  credentialById(id: string): Cached<CredentialAuth | null> {
    const cached = this.byId.get(id);
    if (cached !== undefined) {
      this.stats.credentialHits += 1;
      return cached;
    }
    this.stats.credentialMisses += 1;
    const drops = this.drops;
    return this.repos.auth.credentialById(id).then((found) => {
      const auth = found ? this.compile(found) : null;
      if (drops === this.drops) {
        if (auth) this.keep(auth.username.toLowerCase(), auth);
        else this.byId.set(id, null);
      }
      return auth;
    });
  }

  /**
   * The credential as the database has it now, past this instance's copy (which is left as it
   * is): for refusing a token another process ended, whose change this instance may not have
   * heard of yet, as the key's state says rather than as an unknown token.
   */
  async currentCredentialById(id: string): Promise<CredentialAuth | null> {
    const found = await this.repos.auth.credentialById(id);
    return found ? this.compile(found) : null;
  }

  /** Kept under both keys: the first Bearer call after a login finds the credential by id without a load. */
  private keep(username: string, auth: CredentialAuth | null) {
    this.byUsername.set(username, auth);
    if (auth) this.byId.set(auth.id, auth);
  }

  /** The token if this instance holds it now (issued here, or used lately), without a lookup. */
  knownToken(tokenHash: string): TokenAuth | undefined {
    return this.unwritten.get(tokenHash) ?? this.tokens.get(tokenHash);
  }

  token(tokenHash: string): Cached<TokenAuth | null> {
    const known = this.knownToken(tokenHash);
    if (known !== undefined) {
      this.stats.tokenHits += 1;
      return known;
    }
    this.stats.tokenMisses += 1;
    if (this.revoking.has(tokenHash)) return null;
    const drops = this.drops;
    return this.repos.tokens.get(tokenHash).then((row) => {
      if (!row || this.revoking.has(tokenHash)) return null;
      const auth = tokenAuth(row);
      if (drops === this.drops) this.tokens.set(tokenHash, auth);
      return auth;
    });
  }

  async issueToken(token: TokenAuth) {
    if (!this.writeTokensAtOnce) {
      this.unwritten.set(token.tokenHash, token);
      return;
    }
    const written = await this.writeWithOthers(token);
    // One refused (its credential disabled or re-keyed a moment ago) is answered, and fails at its first call.
    if (written.has(token.tokenHash)) this.tokens.set(token.tokenHash, token);
  }

  /** Logins answered in the same turn of the event loop, whose tokens go in one statement. */
  private batch: { tokens: TokenAuth[]; written: Promise<Set<string>> } | null = null;

  /**
   * Writes a token together with those of the other logins in this turn: one statement and one
   * commit for all of them. On PostgreSQL a commit per login cost a round trip and a WAL flush
   * each, and 64 parallel logins ran at a fifth of SQLite's rate.
   */
  private writeWithOthers(token: TokenAuth): Promise<Set<string>> {
    if (!this.batch) {
      const tokens: TokenAuth[] = [];
      const written = new Promise<Set<string>>((resolve, reject) => {
        setImmediate(() => {
          this.batch = null;
          this.repos.tokens.insertIfCredentialValid(tokens, this.clock()).then((hashes) => resolve(new Set(hashes)), reject);
        });
      });
      this.batch = { tokens, written };
    }
    this.batch.tokens.push(token);
    return this.batch.written;
  }

  /**
   * Forgets a token that is being deleted, and refuses it until `deleted()` says its delete
   * committed. `unwritten` is the token if it had not reached the database yet.
   */
  revokingToken(tokenHash: string): { deleted: () => void; unwritten: TokenAuth | undefined } {
    const unwritten = this.unwritten.get(tokenHash);
    this.forgetToken(tokenHash);
    this.revoking.add(tokenHash);
    return { deleted: () => this.revoking.delete(tokenHash), unwritten };
  }

  forgetToken(tokenHash: string) {
    this.drops += 1;
    this.tokens.delete(tokenHash);
    this.unwritten.delete(tokenHash);
  }

  /**
   * Writes issued tokens in one batch, and lets go of them: each one's next call reads it back.
   * A token whose credential was disabled, deleted or re-keyed meanwhile (here or by another
   * process) is not written, and is forgotten here too: it stays revoked.
   */
  flushTokens(): Promise<void> {
    this.flushing ??= this.writeUnwritten().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async writeUnwritten() {
    if (this.unwritten.size === 0) return;
    // Taken out before the write is sent: a call meanwhile reads the token from the database,
    // after the write (SQLite runs its statements in order), so a refused one is refused at once.
    const tokens = [...this.unwritten.values()];
    this.unwritten.clear();
    const drops = this.drops;
    let written: Set<string>;
    try {
      written = new Set(await this.repos.tokens.insertIfCredentialValid(tokens, this.clock()));
    } catch (error) {
      // Tried again at the next flush, unless something was revoked meanwhile.
      if (drops === this.drops) for (const token of tokens) this.unwritten.set(token.tokenHash, token);
      throw error;
    }
    // Those refused (their credential disabled or re-keyed since the login) ended unwritten.
    await this.repos.tokens.recordEnded(tokens.filter((token) => !written.has(token.tokenHash)));
  }

  /** A credential changed in this process: drop it and every token that leans on it. */
  credentialChanged(id: string) {
    this.drops += 1;
    this.stats.credentialInvalidations += 1;
    for (const [key, value] of this.byUsername) if (value === null || value.id === id) this.byUsername.delete(key);
    this.byId.delete(id);
    for (const [key, value] of this.tokens) if (value.credentialId === id) this.tokens.delete(key);
    const pending = [...this.unwritten.values()].filter((token) => token.credentialId === id);
    if (pending.length > 0) this.judgeUnwritten(id, pending).catch(this.onError);
  }

  /**
   * Unwritten tokens of a changed credential are judged against its new state: those that no
   * longer stand (an address taken off the list, say) are dropped, and deleted in case a flush
   * under way wrote them; the rest wait for the next flush. Until then every call with one
   * checks it against the credential's new state anyway.
   */
  private async judgeUnwritten(id: string, pending: TokenAuth[]) {
    await this.flushing;
    const credential = await this.credentialById(id);
    const now = this.clock();
    for (const token of pending) {
      const stands =
        credential !== null &&
        refusal(credential, now) === null &&
        keyStillValid(credential, token.keyHash, now) &&
        (credential.ipReportOnly || credential.allowedIps.allows(token.ip));
      if (stands) continue;
      this.forgetToken(token.tokenHash);
      await this.repos.tokens.recordEnded([token]);
      await this.repos.tokens.delete(token.tokenHash);
    }
  }

  /** SQLite: empties the cache if another process committed to the database since the last look. */
  checkForeignChanges(): boolean {
    if (!this.readDataVersion) return false;
    const version = this.readDataVersion();
    if (version === this.dataVersion) return false;
    this.dataVersion = version;
    this.dropEverything();
    return true;
  }

  /**
   * Another process changed credentials: forget everything read from the database. Unwritten
   * tokens are written first (those still valid), so none is lost with the cache and none
   * outlives a revocation. PostgreSQL's change notices call this.
   */
  dropEverything() {
    this.stats.foreignInvalidations += 1;
    this.flushTokens().catch(this.onError);
    this.clear();
  }

  clear() {
    this.drops += 1;
    this.byUsername.clear();
    this.byId.clear();
    this.tokens.clear();
  }

  private compile({ credential: row, allowedIps: entries }: AuthCredential): CredentialAuth {
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

  private signingOf(row: AuthCredentialRow): SigningAuth | null {
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
