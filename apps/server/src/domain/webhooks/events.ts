import type { WebhookEventType } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
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
export async function raiseEvent(repos: Repositories, now: number, type: WebhookEventType, data: EventData, onlyEndpoint?: string): Promise<string | null> {
  const endpoints = onlyEndpoint ? [onlyEndpoint] : await repos.webhooks.endpointsWanting(type);
  if (endpoints.length === 0) return null;
  const id = newId("evt");
  await repos.webhooks.storeEvent({ id, type, body: JSON.stringify({ id, type, created_at: toIso(now), data }), createdAt: now }, endpoints);
  return id;
}

/** Whether any endpoint asked for `type`: the flush-time checks skip their queries when none did. */
export const anyEndpointWants = async (repos: Repositories, type: WebhookEventType) => (await repos.webhooks.endpointsWanting(type, 1)).length > 0;
