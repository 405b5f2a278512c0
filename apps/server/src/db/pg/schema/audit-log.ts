import { bigint, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestamp } from "./columns.ts";

/** As in SQLite's schema; `before`/`after` are jsonb here. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp("at").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    ip: text("ip").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetName: text("target_name"),
    before: jsonb("before"),
    after: jsonb("after"),
    count: integer("count").notNull().default(1),
    lastAt: timestamp("last_at"),
  },
  (table) => [
    index("audit_log_actor_idx").on(table.actorName, table.id),
    index("audit_log_action_idx").on(table.action, table.id),
    index("audit_log_at_idx").on(table.at),
  ],
);
