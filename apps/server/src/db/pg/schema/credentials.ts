import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamp, timestamps } from "./columns.ts";

/** As in SQLite's schema (see there for what each column means); scopes are jsonb here. */
export const credentials = pgTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    keyHash: text("key_hash"),
    keyPrefix: text("key_prefix").notNull(),
    keyIssuedAt: timestamp("key_issued_at"),
    previousKeyHash: text("previous_key_hash"),
    previousKeyExpiresAt: timestamp("previous_key_expires_at"),
    status: text("status", { enum: ["enabled", "disabled"] }).notNull(),
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    expiresAt: timestamp("expires_at"),
    rateLimit: integer("rate_limit"),
    description: text("description").notNull().default(""),
    ipEnforcement: text("ip_enforcement", { enum: ["enforce", "report"] })
      .notNull()
      .default("enforce"),
    signingMode: text("signing_mode", { enum: ["off", "optional", "required"] })
      .notNull()
      .default("off"),
    signingAlg: text("signing_alg", { enum: ["ed25519", "hmac-sha256"] }),
    signingPublicKey: text("signing_public_key"),
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
    // The list's default order ("C": as SQLite sorts it). The unique index above uses the
    // database's collation, so without this one every list page sorted every credential.
    index("credentials_live_name_idx")
      .on(sql`lower(${table.username}) collate "C"`, table.id)
      .where(sql`${table.deletedAt} is null`),
    index("credentials_created_idx").on(table.createdAt),
    index("credentials_updated_idx").on(table.updatedAt),
    index("credentials_last_used_idx").on(table.lastUsedAt),
  ],
);

export const allowedIps = pgTable(
  "allowed_ips",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    entry: text("entry").notNull(),
    note: text("note").notNull().default(""),
  },
  (table) => [index("allowed_ips_credential_idx").on(table.credentialId, table.position)],
);
