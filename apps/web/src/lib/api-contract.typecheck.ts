/**
 * Type-level tests: `pnpm typecheck` fails when the server's response types stop matching the
 * shared contract, or when inference silently decays to `any`. Nothing here runs.
 */
import type { CreatedWebhook, Health, WebhookDelivery, WebhookEndpoint } from "@gatehouse/shared";
import type { InferResponseType } from "hono/client";
import type { api } from "./api-client.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type NotAny<T> = 0 extends 1 & T ? false : true;
export type Assert<T extends true> = T;

type HealthResponse = InferResponseType<typeof api.healthz.$get, 200>;
type Webhooks = typeof api.api.admin.webhooks;
type WebhookList = InferResponseType<Webhooks["$get"], 200>;
type WebhookCreated = InferResponseType<Webhooks["$post"], 201>;
type DeliveryLog = InferResponseType<Webhooks[":id"]["deliveries"]["$get"], 200>;

export type Contract = [
  Assert<NotAny<HealthResponse>>,
  Assert<Equal<HealthResponse, Health>>,
  Assert<NotAny<WebhookList>>,
  Assert<Equal<WebhookList, { items: WebhookEndpoint[] }>>,
  Assert<Equal<WebhookCreated, CreatedWebhook>>,
  Assert<Equal<DeliveryLog, { items: WebhookDelivery[] }>>,
];
