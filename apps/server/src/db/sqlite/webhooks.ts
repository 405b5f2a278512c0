import { sql } from "drizzle-orm";
import type { WebhookRepository } from "../../domain/webhooks/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../schema/index.ts";

export function sqliteWebhooks(db: Db): Synchronous<WebhookRepository> {
  return {
    endpointsWanting: (type, limit = -1) =>
      db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(sql`exists (select 1 from json_each(${webhookEndpoints.events}) where value = ${type})`)
        .limit(limit)
        .all()
        .map((endpoint) => endpoint.id),
    storeEvent: (event, endpointIds) => {
      db.insert(webhookEvents).values(event).run();
      db.insert(webhookDeliveries)
        .values(
          endpointIds.map((endpointId) => ({
            endpointId,
            eventId: event.id,
            state: "pending" as const,
            nextAttemptAt: event.createdAt,
            createdAt: event.createdAt,
          })),
        )
        .run();
    },
  };
}
