import { index, pgTable, text } from "drizzle-orm/pg-core";
import { timestamp } from "./columns.ts";
import { credentials } from "./credentials.ts";

export const apiTokens = pgTable(
  "api_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    keyHash: text("key_hash").notNull(),
    ip: text("ip").notNull(),
    createdAt: timestamp("created_at").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (table) => [index("api_tokens_credential_idx").on(table.credentialId), index("api_tokens_expires_idx").on(table.expiresAt)],
);

/** Tokens ended before their time, with their credential: see SQLite's schema (db/schema/tokens.ts). */
export const endedTokens = pgTable(
  "ended_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (table) => [index("ended_tokens_credential_idx").on(table.credentialId), index("ended_tokens_expires_idx").on(table.expiresAt)],
);
