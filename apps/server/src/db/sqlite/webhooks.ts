import { deniedOutcomes, webhookDeliveryStates, type WebhookDeliveryState } from "@gatehouse/shared";
import { and, count, desc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { pendingDeliveries, type ClaimedDelivery, type WebhookRepository } from "../../domain/webhooks/repository.ts";
import type { Synchronous } from "../repositories.ts";
import type { Db } from "../client.ts";
import { credentials, webhookDeliveries, webhookEndpoints, webhookEvents } from "../schema/index.ts";

export function sqliteWebhooks(db: Db): Synchronous<WebhookRepository> {
  const sqlite = db.$client;
  // Read first: an idle instance never takes the write lock, which other processes' changes wait on.
  const anyDue = sqlite.prepare<{ now: number }, { id: number }>(
    `select id from webhook_deliveries where state = 'pending' and next_attempt_at <= @now and (leased_until is null or leased_until <= @now) limit 1`,
  );
  const claim = sqlite.prepare<{ now: number; until: number; limit: number }, { id: number }>(
    `update webhook_deliveries set leased_until = @until
     where id in (select id from webhook_deliveries where state = 'pending' and next_attempt_at <= @now
                  and (leased_until is null or leased_until <= @now) order by next_attempt_at limit @limit)
     returning id`,
  );
  const details = sqlite.prepare<[number], ClaimedDelivery>(
    `select d.id, d.attempts, d.leased_until as leasedUntil, d.created_at as createdAt, e.url, e.secret, v.body, v.type, v.id as eventId
     from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id join webhook_events v on v.id = d.event_id where d.id = ?`,
  );
  const finish = sqlite.prepare(
    `update webhook_deliveries set state = @state, attempts = attempts + 1, next_attempt_at = @next, leased_until = null,
       last_status = @status, last_error = @error, last_duration_ms = @durationMs, last_attempt_at = @at
     where id = @id and leased_until = @lease`,
  );
  const prune = sqlite.prepare(`delete from webhook_events where rowid in (select rowid from webhook_events where created_at < ? limit ?)`);
  const remember = sqlite.prepare(`insert or ignore into credential_addresses (credential_id, ip, first_seen_at) values (?, ?, ?)`);
  const markOnce = sqlite.prepare(`insert or ignore into webhook_once (credential_id, mark, created_at) values (?, ?, ?)`);
  const deniedSoFar = sqlite.prepare<[number, string], { calls: number | null }>(
    `select sum(calls) as calls from api_history_hourly where hour = ? and credential_id = ? and outcome in (${deniedOutcomes.map((o) => `'${o}'`).join(", ")})`,
  );
  const username = sqlite.prepare<[string], { username: string }>(`select username from credentials where id = ?`);

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
      db.insert(webhookDeliveries).values(pendingDeliveries(event, endpointIds)).run();
    },

    endpoints: () => db.select().from(webhookEndpoints).orderBy(webhookEndpoints.createdAt).all(),
    endpoint: (id) => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get(),
    // Callers run it in a transaction, which on SQLite holds the write lock from BEGIN: no one adds in between.
    addEndpoint: (row, max) => {
      if ((db.select({ n: count() }).from(webhookEndpoints).get()?.n ?? 0) >= max) return false;
      db.insert(webhookEndpoints).values(row).run();
      return true;
    },
    removeEndpoint: (id) => {
      db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run();
    },

    deliveries: (endpointId, limit) =>
      db
        .select({ delivery: webhookDeliveries, type: webhookEvents.type })
        .from(webhookDeliveries)
        .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
        .where(eq(webhookDeliveries.endpointId, endpointId))
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit)
        .all()
        .map(({ delivery, type }) => ({ ...delivery, eventType: type })),
    eventOfDelivery: (endpointId, deliveryId) =>
      db
        .select({ eventId: webhookDeliveries.eventId })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
        .get()?.eventId,
    addDelivery: (endpointId, eventId, now) => {
      db.insert(webhookDeliveries).values({ endpointId, eventId, state: "pending", nextAttemptAt: now, createdAt: now }).run();
    },

    claimDue: (now, until, limit) => {
      if (!anyDue.get({ now })) return [];
      return claim.all({ now, until, limit }).flatMap(({ id }) => details.get(id) ?? []);
    },
    finishAttempt: (id, lease, outcome) => finish.run({ ...outcome, id, lease }).changes > 0,
    pruneEvents: (before, limit) => prune.run(before, limit).changes,
    countDeliveries: () => {
      const counts = Object.fromEntries(webhookDeliveryStates.map((state) => [state, 0])) as Record<WebhookDeliveryState, number>;
      for (const row of db.select({ state: webhookDeliveries.state, n: count() }).from(webhookDeliveries).groupBy(webhookDeliveries.state).all())
        counts[row.state] = row.n;
      return counts;
    },

    markOnce: (credentialId, mark, now) => markOnce.run(credentialId, mark, now).changes > 0,
    rememberAddress: (credentialId, ip, at) => remember.run(credentialId, ip, at).changes > 0,
    deniedCalls: (hour, credentialId) => deniedSoFar.get(hour, credentialId)?.calls ?? 0,
    spikeEndpoints: () =>
      db
        .select({ id: webhookEndpoints.id, threshold: webhookEndpoints.deniedThreshold })
        .from(webhookEndpoints)
        .where(sql`exists (select 1 from json_each(${webhookEndpoints.events}) where value = 'calls.denied_spike')`)
        .all(),
    expiringCredentials: (from, to) =>
      db
        .select({ id: credentials.id, username: credentials.username, expiresAt: credentials.expiresAt })
        .from(credentials)
        .where(and(isNull(credentials.deletedAt), gt(credentials.expiresAt, from), lte(credentials.expiresAt, to)))
        .all()
        .map((key) => ({ ...key, expiresAt: key.expiresAt ?? 0 })),
    usernameOf: (credentialId) => username.get(credentialId)?.username ?? null,
  };
}
