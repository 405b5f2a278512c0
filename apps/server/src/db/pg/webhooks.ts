import { sql } from "drizzle-orm";
import type { WebhookRepository } from "../../domain/webhooks/repository.ts";
import type { PgExecutor } from "./client.ts";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "./schema/index.ts";

export function pgWebhooks(db: PgExecutor): WebhookRepository {
  return {
    endpointsWanting: async (type, limit) => {
      const wanting = db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(sql`${webhookEndpoints.events} @> ${JSON.stringify([type])}::jsonb`)
        .$dynamic();
      return (await (limit === undefined ? wanting : wanting.limit(limit))).map((endpoint) => endpoint.id);
    },
    storeEvent: async (event, endpointIds) => {
      await db.insert(webhookEvents).values(event);
      await db
        .insert(webhookDeliveries)
        .values(
          endpointIds.map((endpointId) => ({
            endpointId,
            eventId: event.id,
            state: "pending" as const,
            nextAttemptAt: event.createdAt,
            createdAt: event.createdAt,
          })),
        );
    },
  };
}
