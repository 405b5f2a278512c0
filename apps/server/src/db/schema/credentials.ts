import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamp, timestamps } from "./columns.ts";

/**
 * API credentials. The key is stored only as its SHA-256 and an 8-character display prefix.
 * A deleted credential keeps its row (deleted_at set, key removed) so its history stays readable.
 */
export const credentials = sqliteTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    keyHash: text("key_hash"),
    keyPrefix: text("key_prefix").notNull(),
    /**
     * When the current key was made (creation or the last regeneration), for "issued 94 days ago".
     * updated_at moves with every edit, so it cannot tell. Null only on rows from before 0006, whose
     * migration fills it from the audit log's last regeneration, else created_at.
     */
    keyIssuedAt: timestamp("key_issued_at"),
    /** The key replaced by the last regeneration, accepted until previous_key_expires_at. */
    previousKeyHash: text("previous_key_hash"),
    previousKeyExpiresAt: timestamp("previous_key_expires_at"),
    status: text("status", { enum: ["enabled", "disabled"] }).notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    expiresAt: timestamp("expires_at"),
    rateLimit: integer("rate_limit"),
    /** Which system uses the key ("Used by"), so an owner knows whom to call before rotating it. */
    description: text("description").notNull().default(""),
    /**
     * "report": a call from an address not on the list is served and recorded as ip_not_listed, so
     * an admin can learn a key's addresses before enforcing them.
     */
    ipEnforcement: text("ip_enforcement", { enum: ["enforce", "report"] })
      .notNull()
      .default("enforce"),
    /** Request signing (RFC 9421, gatehouse-v1): off, optional (checked when present), required. */
    signingMode: text("signing_mode", { enum: ["off", "optional", "required"] })
      .notNull()
      .default("off"),
    signingAlg: text("signing_alg", { enum: ["ed25519", "hmac-sha256"] }),
    /** The registered ed25519 public key as a JWK; Gatehouse holds no secret for it. */
    signingPublicKey: text("signing_public_key"),
    /** The hmac-sha256 signing secret, sealed with the server key (SECRET_KEY or the key file). */
    signingSecret: text("signing_secret"),
    signingSecretPrefix: text("signing_secret_prefix"),
    ...timestamps,
    lastUsedAt: timestamp("last_used_at"),
    lastUsedIp: text("last_used_ip"),
    deletedAt: timestamp("deleted_at"),
  },
  (table) => [
    uniqueIndex("credentials_username_live_unique")
      .on(sql`lower(${table.username})`)
      .where(sql`${table.deletedAt} is null`),
    index("credentials_created_idx").on(table.createdAt),
    index("credentials_updated_idx").on(table.updatedAt),
    index("credentials_last_used_idx").on(table.lastUsedAt),
  ],
);

export const allowedIps = sqliteTable(
  "allowed_ips",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    entry: text("entry").notNull(),
    note: text("note").notNull().default(""),
  },
  (table) => [index("allowed_ips_credential_idx").on(table.credentialId, table.position)],
);
