import type { AllowedIp, listCredentialsQuerySchema } from "@gatehouse/shared";
import type { z } from "zod";

/** A credential as stored (timestamps in epoch ms); both schemas' rows are this. */
export type CredentialRow = {
  id: string;
  username: string;
  keyHash: string | null;
  keyPrefix: string;
  keyIssuedAt: number | null;
  previousKeyHash: string | null;
  previousKeyExpiresAt: number | null;
  status: "enabled" | "disabled";
  scopes: string[];
  expiresAt: number | null;
  rateLimit: number | null;
  description: string;
  ipEnforcement: "enforce" | "report";
  signingMode: "off" | "optional" | "required";
  signingAlg: "ed25519" | "hmac-sha256" | null;
  signingPublicKey: string | null;
  signingSecret: string | null;
  signingSecretPrefix: string | null;
  createdAt: number;
  updatedAt: number;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  deletedAt: number | null;
};

/** A new credential: what creation sets; the rest starts empty. */
export type NewCredentialRow = Omit<CredentialRow, "previousKeyHash" | "previousKeyExpiresAt" | "lastUsedAt" | "lastUsedIp" | "deletedAt">;

/** What a change may set: anything but the id and creation time. */
export type CredentialChange = Partial<Omit<CredentialRow, "id" | "createdAt">>;

export type CredentialListQuery = z.output<typeof listCredentialsQuerySchema>;

/** One page of the list: rows with the length of their allow-list, and how many match in all. */
export type CredentialPage = { rows: (CredentialRow & { allowedIpCount: number })[]; total: number };

/** A key's served calls from one address: all of the last 30 days, those of the last 7, the latest. */
export type AddressTraffic = { ip: string; calls: number; calls7d: number; last: number };

/** A history row as "Allow this IP" reads it, with its credential when that still has a row. */
export type HistoryCall = { credentialId: string | null; ip: string; outcome: string; username: string | null; deletedAt: number | null };

/** API credentials and their allowed IPs, as the admin screens, the CLI and history read and change them. */
export type CredentialRepository = {
  /** The row, deleted or not. */
  row(id: string): Promise<CredentialRow | undefined>;
  /** In list order. */
  allowedIps(id: string): Promise<AllowedIp[]>;
  /** The live credential with this username, compared case-insensitively. */
  liveByUsername(username: string): Promise<{ id: string; username: string } | undefined>;
  /** Inserts a credential; a username a live credential has is refused as taken (400), even from a racing instance. */
  insert(row: NewCredentialRow): Promise<void>;
  /** Sets columns; a username a live credential has is refused as taken (400). */
  update(id: string, change: CredentialChange): Promise<void>;
  /** The allow-list becomes `entries`, in that order. */
  replaceAllowedIps(id: string, entries: AllowedIp[]): Promise<void>;
  /** The live ones among `ids`. */
  liveAmong(ids: string[]): Promise<{ id: string; status: CredentialRow["status"] }[]>;
  /** Live credentials: search by username (case-insensitive substring), status, sort, offset pages. */
  list(query: CredentialListQuery): Promise<CredentialPage>;
  /** The allow-list entries of those among `ids` that hold a range, wildcard or *: only those can let in everyone. */
  wideAllowLists(ids: readonly string[]): Promise<{ id: string; entry: string }[]>;
  /** A key's served calls (shared `servedOutcomes`) since `since`, per address, most calls first (then by address), at most `limit`. */
  trafficByAddress(credentialId: string, since: number, weekSince: number, limit: number): Promise<AddressTraffic[]>;
  historyCall(historyId: number): Promise<HistoryCall | undefined>;
};
