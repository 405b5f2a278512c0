import type { WebhookDeliveryState, WebhookEvent, WebhookEventType } from "@gatehouse/shared";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamp } from "./columns.ts";

/** As in SQLite's schema (see there for what each table is for); events are jsonb here. */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  events: jsonb("events").$type<WebhookEvent[]>().notNull(),
  secret: text("secret").notNull(),
  deniedThreshold: integer("denied_threshold"),
  createdAt: timestamp("created_at").notNull(),
});

export const webhookEvents = pgTable("webhook_events", {
  id: text("id").primaryKey(),
  type: text("type").$type<WebhookEventType>().notNull(),
  /** The exact bytes sent and signed: text, not jsonb, which would reformat them. */
  body: text("body").notNull(),
  createdAt: timestamp("created_at").notNull(),
});

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    state: text("state").$type<WebhookDeliveryState>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at"),
    leasedUntil: timestamp("leased_until"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    lastDurationMs: integer("last_duration_ms"),
    lastAttemptAt: timestamp("last_attempt_at"),
    createdAt: timestamp("created_at").notNull(),
  },
  (table) => [
    index("webhook_deliveries_due_idx").on(table.state, table.nextAttemptAt),
    index("webhook_deliveries_endpoint_idx").on(table.endpointId, table.id),
    index("webhook_deliveries_event_idx").on(table.eventId),
  ],
);

export const webhookOnce = pgTable(
  "webhook_once",
  {
    credentialId: text("credential_id").notNull(),
    mark: text("mark").notNull(),
    createdAt: timestamp("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.credentialId, table.mark] })],
);

export const credentialAddresses = pgTable(
  "credential_addresses",
  {
    credentialId: text("credential_id").notNull(),
    ip: text("ip").notNull(),
    firstSeenAt: timestamp("first_seen_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.credentialId, table.ip] })],
);
