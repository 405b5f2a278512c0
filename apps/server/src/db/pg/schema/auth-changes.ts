import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";
import { timestamp } from "./columns.ts";

/**
 * PostgreSQL only: which credential's auth changed, written by triggers in the same transaction
 * as the change (credentials, allowed IPs, ended tokens; migration 0003). Every instance reads
 * the rows after the last one it saw, once a second, and drops those credentials from its auth
 * cache: a change is obeyed everywhere within a second even when a Redis notice is lost, and
 * no writer can forget to announce one.
 */
export const authChanges = pgTable(
  "auth_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    credentialId: text("credential_id").notNull(),
    at: timestamp("at")
      .notNull()
      .default(sql`now()`),
  },
  (table) => [index("auth_changes_at_idx").on(table.at)],
);
