import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns.ts";

/**
 * One row per call to /api/v1, or per run of identical calls (same credential, call, address and
 * outcome less than 60 s apart), with how many it stands for. Attempts on unknown usernames have
 * no credential. No foreign key: rows outlive their credential until retention prunes them.
 */
export const apiHistory = sqliteTable(
  "api_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    credentialId: text("credential_id"),
    username: text("username"),
    call: text("call").notNull(),
    ip: text("ip").notNull(),
    outcome: text("outcome").notNull(),
    status: integer("status").notNull(),
    userAgent: text("user_agent").notNull(),
    count: integer("count").notNull(),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (table) => [
    index("api_history_credential_idx").on(table.credentialId, table.id),
    index("api_history_outcome_idx").on(table.outcome, table.id),
    index("api_history_ip_idx").on(table.ip, table.id),
    index("api_history_call_idx").on(table.call, table.id),
    index("api_history_created_idx").on(table.createdAt),
  ],
);
