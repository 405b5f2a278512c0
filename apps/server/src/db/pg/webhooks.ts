import { deniedOutcomes, webhookDeliveryStates, type WebhookDeliveryState } from "@gatehouse/shared";
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { pendingDeliveries, type WebhookRepository } from "../../domain/webhooks/repository.ts";
import type { PgExecutor } from "./client.ts";
import { apiHistoryHourly, credentialAddresses, credentials, webhookDeliveries, webhookEndpoints, webhookEvents, webhookOnce } from "./schema/index.ts";

const wants = (type: string) => sql`${webhookEndpoints.events} @> ${JSON.stringify([type])}::jsonb`;

export function pgWebhooks(db: PgExecutor): WebhookRepository {
  return {
    endpointsWanting: async (type, limit) => {
      const wanting = db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(wants(type)).$dynamic();
      return (await (limit === undefined ? wanting : wanting.limit(limit))).map((endpoint) => endpoint.id);
    },
    storeEvent: async (event, endpointIds) => {
      await db.insert(webhookEvents).values(event);
      await db.insert(webhookDeliveries).values(pendingDeliveries(event, endpointIds));
    },

    endpoints: () => db.select().from(webhookEndpoints).orderBy(webhookEndpoints.createdAt),
    endpoint: async (id) => (await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0],
    addEndpoint: async (row, max) => {
      // Instances adding at once would each count max - 1 and both insert: the lock (which readers
      // and the deliverer pass) makes them count one after the other.
      await db.execute(sql`lock table webhook_endpoints in share row exclusive mode`);
      if (((await db.select({ n: count() }).from(webhookEndpoints))[0]?.n ?? 0) >= max) return false;
      await db.insert(webhookEndpoints).values(row);
      return true;
    },
    removeEndpoint: async (id) => {
      await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    },

    deliveries: async (endpointId, limit) =>
      (
        await db
          .select({ delivery: webhookDeliveries, type: webhookEvents.type })
          .from(webhookDeliveries)
          .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
          .where(eq(webhookDeliveries.endpointId, endpointId))
          .orderBy(desc(webhookDeliveries.id))
          .limit(limit)
      ).map(({ delivery, type }) => ({ ...delivery, eventType: type })),
    eventOfDelivery: async (endpointId, deliveryId) =>
      (
        await db
          .select({ eventId: webhookDeliveries.eventId })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      )[0]?.eventId,
    addDelivery: async (endpointId, eventId, now) => {
      await db.insert(webhookDeliveries).values({ endpointId, eventId, state: "pending", nextAttemptAt: now, createdAt: now });
    },

    claimDue: async (now, until, limit) => {
      // SKIP LOCKED: an instance claiming at the same moment passes over the rows this one is
      // leasing instead of waiting for them, and the re-check under the row lock keeps it from
      // taking a row whose lease was just set.
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.state, "pending"),
            lte(webhookDeliveries.nextAttemptAt, now),
            or(isNull(webhookDeliveries.leasedUntil), lte(webhookDeliveries.leasedUntil, now)),
          ),
        )
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .for("update", { skipLocked: true });
      const claimed = await db
        .update(webhookDeliveries)
        .set({ leasedUntil: until })
        .where(inArray(webhookDeliveries.id, due))
        .returning({ id: webhookDeliveries.id });
      if (claimed.length === 0) return [];
      const rows = await db
        .select({
          id: webhookDeliveries.id,
          attempts: webhookDeliveries.attempts,
          leasedUntil: webhookDeliveries.leasedUntil,
          createdAt: webhookDeliveries.createdAt,
          url: webhookEndpoints.url,
          secret: webhookEndpoints.secret,
          body: webhookEvents.body,
          type: webhookEvents.type,
          eventId: webhookEvents.id,
        })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
        .where(
          inArray(
            webhookDeliveries.id,
            claimed.map((row) => row.id),
          ),
        );
      return rows.map((row) => ({ ...row, leasedUntil: row.leasedUntil ?? until }));
    },
    finishAttempt: async (id, leasedUntil, outcome) =>
      (
        await db
          .update(webhookDeliveries)
          .set({
            state: outcome.state,
            attempts: sql`${webhookDeliveries.attempts} + 1`,
            nextAttemptAt: outcome.next,
            leasedUntil: null,
            lastStatus: outcome.status,
            lastError: outcome.error,
            lastDurationMs: outcome.durationMs,
            lastAttemptAt: outcome.at,
          })
          .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.leasedUntil, leasedUntil)))
          .returning({ id: webhookDeliveries.id })
      ).length > 0,
    pruneEvents: async (before, limit) => {
      const old = db.select({ id: webhookEvents.id }).from(webhookEvents).where(lt(webhookEvents.createdAt, before)).limit(limit);
      return (await db.delete(webhookEvents).where(inArray(webhookEvents.id, old)).returning({ id: webhookEvents.id })).length;
    },
    countDeliveries: async () => {
      const counts = Object.fromEntries(webhookDeliveryStates.map((state) => [state, 0])) as Record<WebhookDeliveryState, number>;
      for (const row of await db.select({ state: webhookDeliveries.state, n: count() }).from(webhookDeliveries).groupBy(webhookDeliveries.state))
        counts[row.state] = Number(row.n);
      return counts;
    },

    markOnce: async (credentialId, mark, now) =>
      (await db.insert(webhookOnce).values({ credentialId, mark, createdAt: now }).onConflictDoNothing().returning({ mark: webhookOnce.mark })).length > 0,
    rememberAddress: async (credentialId, ip, at) =>
      (await db.insert(credentialAddresses).values({ credentialId, ip, firstSeenAt: at }).onConflictDoNothing().returning({ ip: credentialAddresses.ip }))
        .length > 0,
    deniedCalls: async (hour, credentialId) => {
      const [row] = await db
        .select({ calls: sql<string | null>`sum(${apiHistoryHourly.calls})` })
        .from(apiHistoryHourly)
        .where(and(eq(apiHistoryHourly.hour, hour), eq(apiHistoryHourly.credentialId, credentialId), inArray(apiHistoryHourly.outcome, [...deniedOutcomes])));
      return Number(row?.calls ?? 0);
    },
    spikeEndpoints: () =>
      db.select({ id: webhookEndpoints.id, threshold: webhookEndpoints.deniedThreshold }).from(webhookEndpoints).where(wants("calls.denied_spike")),
    expiringCredentials: async (from, to) =>
      (
        await db
          .select({ id: credentials.id, username: credentials.username, expiresAt: credentials.expiresAt })
          .from(credentials)
          .where(and(isNull(credentials.deletedAt), gt(credentials.expiresAt, from), lte(credentials.expiresAt, to)))
      ).map((key) => ({ ...key, expiresAt: key.expiresAt ?? 0 })),
    usernameOf: async (credentialId) =>
      (await db.select({ username: credentials.username }).from(credentials).where(eq(credentials.id, credentialId)))[0]?.username ?? null,
  };
}
