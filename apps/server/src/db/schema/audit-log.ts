import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns.ts";

/** Every admin change and sign-in attempt (repeated failures folded, see `recordAttempt`). `before`/`after` are JSON without secrets. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: timestamp("at").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    ip: text("ip").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetName: text("target_name"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    /** Repeated failed sign-ins fold into one row: how many, and when the last one was. */
    count: integer("count").notNull().default(1),
    lastAt: timestamp("last_at"),
  },
  (table) => [
    index("audit_log_actor_idx").on(table.actorName, table.id),
    index("audit_log_action_idx").on(table.action, table.id),
    index("audit_log_at_idx").on(table.at),
  ],
);
