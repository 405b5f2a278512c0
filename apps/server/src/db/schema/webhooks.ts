import type { WebhookDeliveryState, WebhookEvent, WebhookEventType } from "@gatehouse/shared";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./columns.ts";

/**
 * Where notifications go. The signing secret is kept as is: an HMAC needs it, unlike a key,
 * which only has to be recognised (README "Notifications"). It is never answered after creation.
 */
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  events: text("events", { mode: "json" }).$type<WebhookEvent[]>().notNull(),
  secret: text("secret").notNull(),
  deniedThreshold: integer("denied_threshold"),
  createdAt: timestamp("created_at").notNull(),
});

/**
 * The outbox: an event is written in the transaction of the change that raised it, with one
 * delivery per endpoint that asked for it, so neither exists without the other.
 */
export const webhookEvents = sqliteTable("webhook_events", {
  id: text("id").primaryKey(),
  type: text("type").$type<WebhookEventType>().notNull(),
  /** The exact JSON body sent, so every attempt and every Resend signs the same bytes. */
  body: text("body").notNull(),
  createdAt: timestamp("created_at").notNull(),
});

/**
 * One event to one endpoint and its attempts. An instance claims due rows by setting
 * leased_until in one UPDATE … RETURNING, so each is sent by one instance at a time.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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

/**
 * Events that are raised once: `expiring:<expires_at>` per credential, and `denied:<hour>:<endpoint>`.
 * The insert that marks it and the event are one transaction.
 */
export const webhookOnce = sqliteTable(
  "webhook_once",
  {
    credentialId: text("credential_id").notNull(),
    mark: text("mark").notNull(),
    createdAt: timestamp("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.credentialId, table.mark] })],
);

/** Addresses each key was served from, to raise `credential.new_address` once per key and address. */
export const credentialAddresses = sqliteTable(
  "credential_addresses",
  {
    credentialId: text("credential_id").notNull(),
    ip: text("ip").notNull(),
    firstSeenAt: timestamp("first_seen_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.credentialId, table.ip] })],
);
