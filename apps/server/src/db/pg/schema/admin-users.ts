import { sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamp, timestamps } from "./columns.ts";

export const adminUsers = pgTable(
  "admin_users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["owner", "editor", "viewer"] }).notNull(),
    status: text("status", { enum: ["enabled", "disabled"] })
      .notNull()
      .default("enabled"),
    lockedUntil: timestamp("locked_until"),
    ...timestamps,
  },
  (table) => [uniqueIndex("admin_users_username_unique").on(sql`lower(${table.username})`)],
);

export const adminSessions = pgTable(
  "admin_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => adminUsers.id, { onDelete: "cascade" }),
    ip: text("ip").notNull(),
    userAgent: text("user_agent").notNull(),
    createdAt: timestamp("created_at").notNull(),
    lastSeenAt: timestamp("last_seen_at").notNull(),
  },
  (table) => [index("admin_sessions_user_idx").on(table.userId)],
);
