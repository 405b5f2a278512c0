import type { StoredSecretSample } from "../../lib/secret-box.ts";

/** Decides whether an issued token still stands, from where it was issued and with which key. */
export type KeepToken = (token: { ip: string; keyHash: string }) => boolean;

/** An integration token as the database keeps it (the token itself only as its SHA-256). */
export type TokenRow = {
  tokenHash: string;
  credentialId: string;
  keyHash: string;
  ip: string;
  createdAt: number;
  expiresAt: number;
};

/** What is kept of a token ended early: whose it was, until when it would have lasted. */
export type EndedToken = Pick<TokenRow, "tokenHash" | "credentialId" | "expiresAt">;

/** Integration tokens as the database keeps them. */
export type TokenRepository = {
  /**
   * Writes issued tokens whose credential still stands at `now` (live, enabled, and the token's
   * key its current one or the previous one within its grace period); the others are not written,
   * so a token revoked meanwhile, by any instance, stays revoked. Answers the hashes written.
   */
  insertIfCredentialValid(tokens: TokenRow[], now: number): Promise<string[]>;
  get(tokenHash: string): Promise<TokenRow | undefined>;
  /** Moves the token's sliding expiry. */
  touch(tokenHash: string, expiresAt: number): Promise<void>;
  /** Ends a token; answers its credential's id, or null when there was no such token. */
  delete(tokenHash: string): Promise<string | null>;
  /** The credential of a token ended before it expired (kept until then), or null. */
  endedFor(tokenHash: string): Promise<string | null>;
  /** Keeps the credential of tokens ended before they reached the database (of a credential that exists). */
  recordEnded(tokens: EndedToken[]): Promise<void>;
  /** Deletes tokens, and records of ended ones, that expired before `now`; answers how many tokens. */
  pruneExpired(now: number): Promise<number>;
  /** Ends a credential's tokens, or only those `keep` rejects. */
  deleteOfCredential(credentialId: string, keep?: KeepToken): Promise<void>;
};

/** The columns of a credential the auth path reads (both schemas' rows satisfy it). */
export type AuthCredentialRow = {
  id: string;
  username: string;
  status: "enabled" | "disabled";
  keyHash: string | null;
  previousKeyHash: string | null;
  previousKeyExpiresAt: number | null;
  scopes: string[];
  expiresAt: number | null;
  rateLimit: number | null;
  ipEnforcement: "enforce" | "report";
  signingMode: "off" | "optional" | "required";
  signingAlg: "ed25519" | "hmac-sha256" | null;
  signingPublicKey: string | null;
  signingSecret: string | null;
};

/** A live credential and its allowed IP entries, in the admin's order. */
export type AuthCredential = { credential: AuthCredentialRow; allowedIps: string[] };

/** What the auth cache loads on a miss. Deleted credentials are not found. */
export type AuthRepository = {
  /** By `lower(username)`: pass the name lower-cased. */
  credentialByUsername(lowerUsername: string): Promise<AuthCredential | undefined>;
  credentialById(id: string): Promise<AuthCredential | undefined>;
  /** One sealed signing secret of a live credential, to prove the server key opens them; null when none is stored. */
  signingSecretSample(): Promise<StoredSecretSample>;
};

/** Nonces of signed requests, remembered until they expire. */
export type NonceRepository = {
  /**
   * Remembers the nonce until `expiresAt`; false when it is remembered already and has not
   * expired at `now` (an expired one is remembered anew).
   */
  claim(credentialId: string, nonce: string, expiresAt: number, now: number): Promise<boolean>;
  /** Forgets nonces expired at `now`; answers how many. */
  pruneExpired(now: number): Promise<number>;
};
