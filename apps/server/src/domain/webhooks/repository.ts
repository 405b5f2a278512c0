import type { WebhookDeliveryState, WebhookEvent, WebhookEventType } from "@gatehouse/shared";

export type StoredEvent = { id: string; type: WebhookEventType; body: string; createdAt: number };

export type EndpointRow = {
  id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  deniedThreshold: number | null;
  createdAt: number;
};

/** A line of an endpoint's delivery log. */
export type DeliveryRow = {
  id: number;
  eventId: string;
  eventType: WebhookEventType;
  state: WebhookDeliveryState;
  attempts: number;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: number | null;
  createdAt: number;
};

/** A delivery this instance holds the lease of, with what it needs to send it. */
export type ClaimedDelivery = {
  id: number;
  attempts: number;
  leasedUntil: number;
  createdAt: number;
  url: string;
  secret: string;
  body: string;
  type: WebhookEventType;
  eventId: string;
};

/** How an attempt ended; `next` is when to try again (null once delivered or given up). */
export type AttemptOutcome = {
  state: WebhookDeliveryState;
  next: number | null;
  status: number | null;
  error: string | null;
  durationMs: number;
  at: number;
};

/** The webhook endpoints, their outbox and delivery log, and the marks that make events once-only. */
export type WebhookRepository = {
  /** Ids of the endpoints that asked for `type`, at most `limit`. */
  endpointsWanting(type: WebhookEventType, limit?: number): Promise<string[]>;
  /** Stores an event with one pending delivery per endpoint, due at once. */
  storeEvent(event: StoredEvent, endpointIds: string[]): Promise<void>;

  /** Oldest first. */
  endpoints(): Promise<EndpointRow[]>;
  endpoint(id: string): Promise<EndpointRow | undefined>;
  /** Adds the endpoint unless there are `max` already (false then); instances adding at once never pass `max` together. */
  addEndpoint(row: EndpointRow, max: number): Promise<boolean>;
  /** Removes it with its deliveries. */
  removeEndpoint(id: string): Promise<void>;

  /** The endpoint's last `limit` deliveries, newest first. */
  deliveries(endpointId: string, limit: number): Promise<DeliveryRow[]>;
  /** The event of one of the endpoint's deliveries; undefined when it has no such delivery. */
  eventOfDelivery(endpointId: string, deliveryId: number): Promise<string | undefined>;
  /** A new pending delivery of a stored event, due at `now` (Resend). */
  addDelivery(endpointId: string, eventId: string, now: number): Promise<void>;

  /**
   * Leases up to `limit` due deliveries until `until` and returns them. Each due delivery is
   * claimed by one caller, across instances; one whose lease ran out is due again.
   */
  claimDue(now: number, until: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Writes an attempt's outcome, only while the lease taken at `leasedUntil` is still the row's (false otherwise). */
  finishAttempt(id: number, leasedUntil: number, outcome: AttemptOutcome): Promise<boolean>;
  /** Deletes at most `limit` events stored before `before`, with their deliveries; returns how many events. */
  pruneEvents(before: number, limit: number): Promise<number>;
  /** Deliveries by state, for /metrics. */
  countDeliveries(): Promise<Record<WebhookDeliveryState, number>>;

  /** Marks an event as raised for a credential; false when it already was. */
  markOnce(credentialId: string, mark: string, now: number): Promise<boolean>;
  /** Remembers that a key was served from `ip`; false when it already had been. */
  rememberAddress(credentialId: string, ip: string, at: number): Promise<boolean>;
  /** Denied calls of a key in the hour starting at `hour`, as the history roll-up has them. */
  deniedCalls(hour: number, credentialId: string): Promise<number>;
  /** Endpoints that asked for `calls.denied_spike`, with their thresholds. */
  spikeEndpoints(): Promise<{ id: string; threshold: number | null }[]>;
  /** Live keys expiring after `from` and at or before `to`. */
  expiringCredentials(from: number, to: number): Promise<{ id: string; username: string; expiresAt: number }[]>;
  /** A credential's username, null when there is no such credential. */
  usernameOf(credentialId: string): Promise<string | null>;
};

/** The pending deliveries of a new event, one per endpoint, due at once: the same rows on both databases. */
export const pendingDeliveries = (event: StoredEvent, endpointIds: string[]) =>
  endpointIds.map((endpointId) => ({ endpointId, eventId: event.id, state: "pending" as const, nextAttemptAt: event.createdAt, createdAt: event.createdAt }));
