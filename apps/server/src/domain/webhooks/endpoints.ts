import type { createWebhookSchema, CreatedWebhook, WebhookDelivery, WebhookEndpoint } from "@gatehouse/shared";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { WRITE, type Db } from "../../db/client.ts";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../../db/schema/index.ts";
import { ApiError, notFound } from "../../lib/api-error.ts";
import { newId } from "../../lib/ids.ts";
import { randomBase62 } from "../../lib/random.ts";
import { toIso, toIsoOrNull } from "../../lib/time.ts";
import { recordAuditSync, type Actor } from "../audit.ts";
import { raiseEventSync } from "./events.ts";

type CreateInput = z.output<typeof createWebhookSchema>;

/** More would be a mistake (each change is sent to each of them), and bounds what one owner can make the server send. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
export const DELIVERY_LOG_LENGTH = 100;

const view = (row: typeof webhookEndpoints.$inferSelect): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: row.events,
  deniedThreshold: row.deniedThreshold,
  createdAt: toIso(row.createdAt),
});

export const listWebhooks = (db: Db): WebhookEndpoint[] => db.select().from(webhookEndpoints).orderBy(webhookEndpoints.createdAt).all().map(view);

function getEndpoint(db: Db, id: string) {
  const row = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
  if (!row) throw notFound("The webhook endpoint");
  return row;
}

const target = (row: { id: string; url: string }) => ({ targetType: "webhook" as const, targetId: row.id, targetName: row.url });

/** Adds an endpoint with a new signing secret, which is in this answer and never again. */
export function createWebhook(db: Db, now: number, actor: Actor, input: CreateInput): CreatedWebhook {
  const secret = `whsec_${randomBase62(32)}`;
  const id = newId("whk");
  const deniedThreshold = input.events.includes("calls.denied_spike") ? input.deniedThreshold : null;
  return db.transaction(() => {
    if (db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).all().length >= MAX_WEBHOOK_ENDPOINTS)
      throw new ApiError("conflict", `There are already ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; remove one first`);
    db.insert(webhookEndpoints).values({ id, url: input.url, events: input.events, secret, deniedThreshold, createdAt: now }).run();
    recordAuditSync(db, now, actor, {
      ...target({ id, url: input.url }),
      action: "webhook.create",
      after: { url: input.url, events: input.events, deniedThreshold },
    });
    return { endpoint: view(getEndpoint(db, id)), secret };
  }, WRITE);
}

/** Removes an endpoint with its delivery log; what it had not received yet is not sent. */
export function removeWebhook(db: Db, now: number, actor: Actor, id: string) {
  db.transaction(() => {
    const row = getEndpoint(db, id);
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run();
    recordAuditSync(db, now, actor, {
      ...target(row),
      action: "webhook.delete",
      before: { url: row.url, events: row.events, deniedThreshold: row.deniedThreshold },
    });
  }, WRITE);
}

/** Stores a `webhook.test` event for this endpoint only; the deliverer sends it like any other. */
export function sendTestEvent(db: Db, now: number, actor: Actor, id: string): string {
  return db.transaction(() => {
    const row = getEndpoint(db, id);
    const eventId = raiseEventSync(db, now, "webhook.test", { endpoint_id: row.id, actor: actor.name }, row.id) ?? "";
    recordAuditSync(db, now, actor, { ...target(row), action: "webhook.test", after: { eventId } });
    return eventId;
  }, WRITE);
}

/** Sends a delivery's event again to the same endpoint, as a new delivery with its own 24 hours of retries. */
export function resendDelivery(db: Db, now: number, actor: Actor, endpointId: string, deliveryId: number): string {
  return db.transaction(() => {
    const row = getEndpoint(db, endpointId);
    const delivery = db
      .select({ eventId: webhookDeliveries.eventId })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      .get();
    if (!delivery) throw notFound("The delivery");
    db.insert(webhookDeliveries).values({ endpointId, eventId: delivery.eventId, state: "pending", nextAttemptAt: now, createdAt: now }).run();
    recordAuditSync(db, now, actor, { ...target(row), action: "webhook.resend", after: { eventId: delivery.eventId } });
    return delivery.eventId;
  }, WRITE);
}

/** The endpoint's last deliveries, newest first. */
export function listDeliveries(db: Db, endpointId: string): WebhookDelivery[] {
  getEndpoint(db, endpointId);
  return db
    .select({ delivery: webhookDeliveries, type: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(DELIVERY_LOG_LENGTH)
    .all()
    .map(({ delivery, type }) => ({
      id: delivery.id,
      eventId: delivery.eventId,
      eventType: type,
      state: delivery.state,
      attempts: delivery.attempts,
      lastStatus: delivery.lastStatus,
      lastError: delivery.lastError,
      lastDurationMs: delivery.lastDurationMs,
      createdAt: toIso(delivery.createdAt),
      lastAttemptAt: toIsoOrNull(delivery.lastAttemptAt),
      nextAttemptAt: delivery.state === "pending" ? toIsoOrNull(delivery.nextAttemptAt) : null,
    }));
}
