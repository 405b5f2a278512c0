import type { Sqlite } from "../../db/client.ts";
import { deleteInBatches } from "../../lib/delete-in-batches.ts";
import { DAY } from "../../lib/time.ts";

/** Events and their deliveries stay 30 days, then leave the delivery log (deliveries go with their event). */
export const WEBHOOK_LOG_DAYS = 30;

export const pruneWebhookEvents = (sqlite: Sqlite, now: number) => deleteInBatches(sqlite, "webhook_events", "created_at", now - WEBHOOK_LOG_DAYS * DAY);
