import type { WebhookEventType } from "@gatehouse/shared";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../../db/schema/index.ts";
import { newId } from "../../lib/ids.ts";
import { toIso } from "../../lib/time.ts";

/** What an event says: ids, names, times, addresses; never a key, token or secret. */
export type EventData = Record<string, string | number | boolean | null | string[]>;

/**
 * Stores an event and one pending delivery for each endpoint that asked for its type (or for
 * `onlyEndpoint`). Call it inside the transaction of the change that raises it: the change and
 * its event commit together. Returns the event id, or null when no endpoint wants it (nothing
 * is stored then).
 */
export function raiseEvent(db: Db, now: number, type: WebhookEventType, data: EventData, onlyEndpoint?: string): string | null {
  const endpoints = onlyEndpoint
    ? [{ id: onlyEndpoint }]
    : db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(sql`exists (select 1 from json_each(${webhookEndpoints.events}) where value = ${type})`)
        .all();
  if (endpoints.length === 0) return null;
  const id = newId("evt");
  const body = JSON.stringify({ id, type, created_at: toIso(now), data });
  db.insert(webhookEvents).values({ id, type, body, createdAt: now }).run();
  db.insert(webhookDeliveries)
    .values(endpoints.map((endpoint) => ({ endpointId: endpoint.id, eventId: id, state: "pending" as const, nextAttemptAt: now, createdAt: now })))
    .run();
  return id;
}

/** Whether any endpoint asked for `type`: the flush-time checks skip their queries when none did. */
export const anyEndpointWants = (db: Db, type: WebhookEventType) =>
  db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(sql`exists (select 1 from json_each(${webhookEndpoints.events}) where value = ${type})`)
    .limit(1)
    .all().length > 0;
