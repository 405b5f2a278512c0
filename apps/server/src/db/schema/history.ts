import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns.ts";

/**
 * One row per call to /api/v1, or per run of identical calls (same credential, call, address and
 * outcome less than 60 s apart), with how many it stands for. Attempts on unknown usernames have
 * no credential. No foreign key: rows outlive their credential until retention prunes them.
 *
 * Lists are newest first by (created_at, id). Each index below ends in created_at (and the
 * implicit rowid), so a filter on one column plus a date range and a keyset cursor is one index
 * range, however deep the page.
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
    /** The X-Request-Id answered to the last call this row stands for, to match integration logs. */
    lastRequestId: text("last_request_id"),
    count: integer("count").notNull(),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (table) => [
    index("api_history_created_idx").on(table.createdAt),
    index("api_history_outcome_idx").on(table.outcome, table.createdAt),
    index("api_history_ip_idx").on(table.ip, table.createdAt),
    index("api_history_credential_idx").on(table.credentialId, table.createdAt),
    index("api_history_credential_outcome_idx").on(table.credentialId, table.outcome, table.createdAt),
    index("api_history_credential_call_idx").on(table.credentialId, table.call, table.createdAt),
    index("api_history_credential_ip_idx").on(table.credentialId, table.ip, table.createdAt),
    // The Activity filter on a username that matched no key (credential_id is null, any case):
    // without it a name never tried read every unknown-username row (0.2 s at 864,000 of them,
    // every other request waiting), as on PostgreSQL.
    index("api_history_unknown_username_idx")
      .on(sql`lower(${table.username})`, table.createdAt)
      .where(sql`${table.credentialId} is null`),
  ],
);

/**
 * Calls per hour, credential and outcome, kept by the recorder next to the rows: charts and
 * summaries read this small table instead of scanning millions of rows. Unknown usernames are
 * counted under credential_id '', and every call once more under '*' for store-wide figures.
 */
export const apiHistoryHourly = sqliteTable(
  "api_history_hourly",
  {
    hour: timestamp("hour").notNull(),
    credentialId: text("credential_id").notNull(),
    outcome: text("outcome").notNull(),
    calls: integer("calls").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.hour, table.credentialId, table.outcome] }),
    index("api_history_hourly_credential_idx").on(table.credentialId, table.hour),
  ],
);
