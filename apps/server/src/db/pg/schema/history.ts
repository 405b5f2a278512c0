import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, primaryKey, text, unique } from "drizzle-orm/pg-core";
import { timestamp } from "./columns.ts";

/**
 * As in SQLite's schema, with one column more: `window_start`, the minute the row's first call
 * fell in. Several instances fold the same calls at once, so a row is found by what it is
 * (credential or username, call, address, outcome) and its minute, and each instance's flush
 * adds its counts to it (domain/history/pg-recorder.ts). Partitioned by month on window_start
 * (the first migration turns the table drizzle-kit generates into a partitioned one; see
 * db/pg/partitions.ts): retention drops whole months. A partitioned table's keys must hold the
 * partition key, hence (id, window_start); ids come from a sequence shared by the partitions.
 */
export const apiHistory = pgTable(
  "api_history",
  {
    id: bigint("id", { mode: "number" })
      .notNull()
      .default(sql`nextval('api_history_id_seq')`),
    credentialId: text("credential_id"),
    username: text("username"),
    call: text("call").notNull(),
    ip: text("ip").notNull(),
    outcome: text("outcome").notNull(),
    status: integer("status").notNull(),
    userAgent: text("user_agent").notNull(),
    lastRequestId: text("last_request_id"),
    count: integer("count").notNull(),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
    windowStart: timestamp("window_start").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.id, table.windowStart] }),
    unique("api_history_fold_unique").on(table.credentialId, table.username, table.call, table.ip, table.outcome, table.windowStart).nullsNotDistinct(),
    index("api_history_created_idx").on(table.createdAt),
    index("api_history_outcome_idx").on(table.outcome, table.createdAt),
    index("api_history_ip_idx").on(table.ip, table.createdAt),
    index("api_history_credential_idx").on(table.credentialId, table.createdAt),
    index("api_history_credential_outcome_idx").on(table.credentialId, table.outcome, table.createdAt),
    index("api_history_credential_call_idx").on(table.credentialId, table.call, table.createdAt),
    index("api_history_credential_ip_idx").on(table.credentialId, table.ip, table.createdAt),
    // The Activity filter on a username that matched no key (credential_id is null, any case):
    // without it a name never tried read every unknown-username row, 2.6 s at 5,000,000 rows.
    index("api_history_unknown_username_idx")
      .on(sql`lower(${table.username})`, table.createdAt)
      .where(sql`${table.credentialId} is null`),
  ],
);

export const apiHistoryHourly = pgTable(
  "api_history_hourly",
  {
    hour: timestamp("hour").notNull(),
    credentialId: text("credential_id").notNull(),
    outcome: text("outcome").notNull(),
    calls: bigint("calls", { mode: "number" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.hour, table.credentialId, table.outcome] }),
    index("api_history_hourly_credential_idx").on(table.credentialId, table.hour),
  ],
);
