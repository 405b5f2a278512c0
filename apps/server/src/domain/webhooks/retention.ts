import type { Repositories } from "../../db/repositories.ts";
import { inBatches } from "../../lib/in-batches.ts";
import { DAY } from "../../lib/time.ts";

/** Events and their deliveries stay 30 days, then leave the delivery log (deliveries go with their event). */
export const WEBHOOK_LOG_DAYS = 30;

export const pruneWebhookEvents = (repos: Repositories, now: number) => inBatches((limit) => repos.webhooks.pruneEvents(now - WEBHOOK_LOG_DAYS * DAY, limit));
