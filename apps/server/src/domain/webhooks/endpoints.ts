import type { createWebhookSchema, CreatedWebhook, WebhookDelivery, WebhookEndpoint } from "@gatehouse/shared";
import type { z } from "zod";
import type { Repositories } from "../../db/repositories.ts";
import { ApiError, notFound } from "../../lib/api-error.ts";
import { newId } from "../../lib/ids.ts";
import { randomBase62 } from "../../lib/random.ts";
import { toIso, toIsoOrNull } from "../../lib/time.ts";
import type { Actor } from "../audit.ts";
import { raiseEvent } from "./events.ts";
import type { DeliveryRow, EndpointRow } from "./repository.ts";

type CreateInput = z.output<typeof createWebhookSchema>;

/** More would be a mistake (each change is sent to each of them), and bounds what one owner can make the server send. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
export const DELIVERY_LOG_LENGTH = 100;

const view = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: row.events,
  deniedThreshold: row.deniedThreshold,
  createdAt: toIso(row.createdAt),
});

const deliveryView = (delivery: DeliveryRow): WebhookDelivery => ({
  id: delivery.id,
  eventId: delivery.eventId,
  eventType: delivery.eventType,
  state: delivery.state,
  attempts: delivery.attempts,
  lastStatus: delivery.lastStatus,
  lastError: delivery.lastError,
  lastDurationMs: delivery.lastDurationMs,
  createdAt: toIso(delivery.createdAt),
  lastAttemptAt: toIsoOrNull(delivery.lastAttemptAt),
  nextAttemptAt: delivery.state === "pending" ? toIsoOrNull(delivery.nextAttemptAt) : null,
});

export const listWebhooks = async (repos: Repositories): Promise<WebhookEndpoint[]> => (await repos.webhooks.endpoints()).map(view);

async function getEndpoint(repos: Repositories, id: string) {
  const row = await repos.webhooks.endpoint(id);
  if (!row) throw notFound("The webhook endpoint");
  return row;
}

const target = (row: { id: string; url: string }) => ({ targetType: "webhook" as const, targetId: row.id, targetName: row.url });

/** Adds an endpoint with a new signing secret, which is in this answer and never again. */
export async function createWebhook(repos: Repositories, now: number, actor: Actor, input: CreateInput): Promise<CreatedWebhook> {
  const secret = `whsec_${randomBase62(32)}`;
  const row: EndpointRow = {
    id: newId("whk"),
    url: input.url,
    events: input.events,
    secret,
    deniedThreshold: input.events.includes("calls.denied_spike") ? input.deniedThreshold : null,
    createdAt: now,
  };
  await repos.transaction(async (tx) => {
    if (!(await tx.webhooks.addEndpoint(row, MAX_WEBHOOK_ENDPOINTS)))
      throw new ApiError("conflict", `There are already ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; remove one first`);
    await tx.audit.record(now, actor, {
      ...target(row),
      action: "webhook.create",
      after: { url: row.url, events: row.events, deniedThreshold: row.deniedThreshold },
    });
  });
  return { endpoint: view(row), secret };
}

/** Removes an endpoint with its delivery log; what it had not received yet is not sent. */
export async function removeWebhook(repos: Repositories, now: number, actor: Actor, id: string) {
  await repos.transaction(async (tx) => {
    const row = await getEndpoint(tx, id);
    await tx.webhooks.removeEndpoint(id);
    await tx.audit.record(now, actor, {
      ...target(row),
      action: "webhook.delete",
      before: { url: row.url, events: row.events, deniedThreshold: row.deniedThreshold },
    });
  });
}

/** Stores a `webhook.test` event for this endpoint only; the deliverer sends it like any other. */
export const sendTestEvent = (repos: Repositories, now: number, actor: Actor, id: string): Promise<string> =>
  repos.transaction(async (tx) => {
    const row = await getEndpoint(tx, id);
    const eventId = (await raiseEvent(tx, now, "webhook.test", { endpoint_id: row.id, actor: actor.name }, row.id)) ?? "";
    await tx.audit.record(now, actor, { ...target(row), action: "webhook.test", after: { eventId } });
    return eventId;
  });

/** Sends a delivery's event again to the same endpoint, as a new delivery with its own 24 hours of retries. */
export const resendDelivery = (repos: Repositories, now: number, actor: Actor, endpointId: string, deliveryId: number): Promise<string> =>
  repos.transaction(async (tx) => {
    const row = await getEndpoint(tx, endpointId);
    const eventId = await tx.webhooks.eventOfDelivery(endpointId, deliveryId);
    if (eventId === undefined) throw notFound("The delivery");
    await tx.webhooks.addDelivery(endpointId, eventId, now);
    await tx.audit.record(now, actor, { ...target(row), action: "webhook.resend", after: { eventId } });
    return eventId;
  });

/** The endpoint's last deliveries, newest first. */
export async function listDeliveries(repos: Repositories, endpointId: string): Promise<WebhookDelivery[]> {
  await getEndpoint(repos, endpointId);
  return (await repos.webhooks.deliveries(endpointId, DELIVERY_LOG_LENGTH)).map(deliveryView);
}
