import type { WebhookEventType } from "@gatehouse/shared";

export type StoredEvent = { id: string; type: WebhookEventType; body: string; createdAt: number };

/** The webhook outbox as the domain fills it. */
export type WebhookRepository = {
  /** Ids of the endpoints that asked for `type`, at most `limit`. */
  endpointsWanting(type: WebhookEventType, limit?: number): Promise<string[]>;
  /** Stores an event with one pending delivery per endpoint, due at once. */
  storeEvent(event: StoredEvent, endpointIds: string[]): Promise<void>;
};
