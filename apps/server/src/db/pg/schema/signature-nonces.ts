import { primaryKey, pgTable, text } from "drizzle-orm/pg-core";
import { timestamp } from "./columns.ts";

/** As in SQLite's schema: nonces of signed requests, each accepted once per key within 602 s. */
export const signatureNonces = pgTable(
  "signature_nonces",
  {
    credentialId: text("credential_id").notNull(),
    nonce: text("nonce").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.credentialId, table.nonce] })],
);
