import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../src/db/client.ts";
import { openPgStore, type PgSql } from "../src/db/pg/client.ts";
import { credentials as pgCredentials } from "../src/db/pg/schema/index.ts";
import type { Repositories } from "../src/db/repositories.ts";
import { credentials as sqliteCredentials } from "../src/db/schema/index.ts";
import { pgHistoryRecorder } from "../src/domain/history/pg-recorder.ts";
import type { CallRecord, FlushWatcher } from "../src/domain/history/recorder.ts";
import { sqliteHistoryRecorder } from "../src/domain/history/sqlite-recorder.ts";
import type { Actor } from "../src/domain/audit.ts";
import { watchCalls } from "../src/domain/webhooks/call-watch.ts";
import { webhookDeliverer } from "../src/domain/webhooks/deliverer.ts";
import {
  createWebhook,
  listDeliveries,
  listWebhooks,
  MAX_WEBHOOK_ENDPOINTS,
  removeWebhook,
  resendDelivery,
  sendTestEvent,
} from "../src/domain/webhooks/endpoints.ts";
import { anyEndpointWants, raiseEvent } from "../src/domain/webhooks/events.ts";
import { raiseExpiringEvents } from "../src/domain/webhooks/expiring.ts";
import { pruneWebhookEvents } from "../src/domain/webhooks/retention.ts";
import { createLogger } from "../src/logger.ts";
import { DAY, HOUR, MINUTE } from "../src/lib/time.ts";
import { backends } from "./backends.ts";
import { freshDatabase } from "./pg/databases.ts";
import { webhookReceiver } from "./webhook-receiver.ts";

const NOW = Date.UTC(2026, 10, 25, 12);
const actor: Actor = { id: null, name: "test", ip: "127.0.0.1" };
const quiet = createLogger("silent");
/** What recorders and call watches reported; each test that uses them expects none. */
const errors: unknown[] = [];
const keepError = (error: unknown) => void errors.push(error);

const call = (ip: string, outcome: CallRecord["outcome"], at: number): CallRecord => ({
  credentialId: "crd_watch",
  username: null,
  call: "products.list",
  ip,
  outcome,
  status: outcome === "ok" ? 200 : 403,
  userAgent: "test",
  requestId: "req",
  at,
});

/** One server process as far as webhooks are concerned: its repositories, history recorder and a way to add keys. */
type Instance = {
  repos: Repositories;
  recorder: (watcher: FlushWatcher) => { record: (call: CallRecord) => void; flush: () => Promise<void> | void; close: () => Promise<void> | void };
  addCredential: (id: string, username: string, expiresAt: number | null) => Promise<void>;
};
type Pair = { one: Instance; two: Instance; close: () => Promise<void> };

const credentialRow = (id: string, username: string, expiresAt: number | null) => ({
  id,
  username,
  keyPrefix: "gh_test",
  status: "enabled" as const,
  scopes: [],
  expiresAt,
  createdAt: NOW,
  updatedAt: NOW,
});

/** Two instances on one database, for each of backends.ts's (which runs PostgreSQL when TEST_DATABASE_URL is set). */
const openPair: Record<string, () => Promise<Pair>> = {
  // better-sqlite3 blocks the thread while it waits for a lock, so two connections in one
  // process would wait on each other: the instances share one connection here (two server
  // processes on one file are in webhooks.reliability.test.ts).
  SQLite: async () => {
    const store = openStore(":memory:");
    const instance: Instance = {
      repos: store.repos,
      recorder: (watcher) => sqliteHistoryRecorder(store.sqlite, () => NOW, keepError, 60_000, { watcher }),
      addCredential: async (id, username, expiresAt) => {
        store.db
          .insert(sqliteCredentials)
          .values(credentialRow(id, username, expiresAt))
          .run();
      },
    };
    return {
      one: instance,
      two: instance,
      close: async () => {
        store.sqlite.close();
      },
    };
  },
  PostgreSQL: async () => {
    const database = await freshDatabase();
    const stores = [await openPgStore(database.url, NOW), await openPgStore(database.url, NOW)];
    // The recorder gets a client of its own: Drizzle replaces the array serialisers of the client it wraps.
    const recorderClients: PgSql[] = [];
    const instance = (store: Awaited<ReturnType<typeof openPgStore>>): Instance => ({
      repos: store.repos,
      recorder: (watcher) => {
        const client = postgres(database.url, { max: 2, onnotice: () => {} });
        recorderClients.push(client);
        return pgHistoryRecorder(client, keepError, 60_000, { watcher });
      },
      addCredential: async (id, username, expiresAt) => {
        await store.db.insert(pgCredentials).values(credentialRow(id, username, expiresAt));
      },
    });
    return {
      one: instance(stores[0] as Awaited<ReturnType<typeof openPgStore>>),
      two: instance(stores[1] as Awaited<ReturnType<typeof openPgStore>>),
      close: async () => {
        for (const client of recorderClients) await client.end();
        for (const store of stores) await store.close();
        await database.drop();
      },
    };
  },
};

const receivers: { close: () => void }[] = [];
afterEach(() => receivers.splice(0).forEach((receiver) => receiver.close()));

describe.each(backends)("webhooks on $name", (backend) => {
  let pair: Pair;
  let repos: Repositories;
  beforeAll(async () => {
    const open = openPair[backend.name];
    if (!open) throw new Error(`No pair of instances for ${backend.name}`);
    pair = await open();
    repos = pair.one.repos;
  });
  afterAll(() => pair.close());

  /** Starts each test with no endpoints (and so nothing in the outbox). */
  async function noEndpoints() {
    for (const endpoint of await listWebhooks(repos)) await removeWebhook(repos, NOW, actor, endpoint.id);
  }
  async function receiverEndpoint(events: string[], deniedThreshold: number | null = null) {
    const receiver = await webhookReceiver({ clockSeconds: () => NOW / 1000 });
    receivers.push(receiver);
    const created = await createWebhook(repos, NOW, actor, { url: receiver.url, events: events as never, deniedThreshold });
    receiver.state.secret = created.secret;
    return { receiver, endpoint: created.endpoint };
  }

  it(`keeps at most ${MAX_WEBHOOK_ENDPOINTS} endpoints when two instances get 40 requests at once, and removes them`, async () => {
    const input = { url: "https://hooks.example.com/x", events: ["credential.created" as const], deniedThreshold: null };
    const answers = await Promise.allSettled(
      Array.from({ length: 40 }, (_, n) => createWebhook((n % 2 === 0 ? pair.one : pair.two).repos, NOW + n, actor, input)),
    );
    const refused = answers.flatMap((answer) => (answer.status === "rejected" ? [answer.reason as { status?: number }] : []));
    expect(answers.filter((answer) => answer.status === "fulfilled")).toHaveLength(MAX_WEBHOOK_ENDPOINTS);
    expect(refused.map((error) => error.status)).toEqual(Array.from({ length: 40 - MAX_WEBHOOK_ENDPOINTS }, () => 409));
    const listed = await listWebhooks(pair.two.repos);
    expect(listed).toHaveLength(MAX_WEBHOOK_ENDPOINTS);
    expect(listed.map((endpoint) => endpoint.createdAt)).toEqual(listed.map((endpoint) => endpoint.createdAt).toSorted());
    await noEndpoints();
    expect(await listWebhooks(repos)).toEqual([]);
    await expect(removeWebhook(repos, NOW, actor, "whk_missing")).rejects.toMatchObject({ status: 404 });
  });

  it("stores events for the endpoints that asked, and test-sends, lists and resends deliveries", async () => {
    await noEndpoints();
    const created = await createWebhook(repos, NOW, actor, { url: "https://a.example/h", events: ["credential.created"], deniedThreshold: null });
    const other = await createWebhook(repos, NOW, actor, { url: "https://b.example/h", events: ["calls.denied_spike"], deniedThreshold: 5 });
    expect(created.secret).toMatch(/^whsec_/);
    expect(other.endpoint.deniedThreshold).toBe(5);
    expect(await anyEndpointWants(repos, "credential.created")).toBe(true);
    expect(await anyEndpointWants(repos, "credential.deleted")).toBe(false);
    expect(await raiseEvent(repos, NOW, "credential.deleted", {})).toBeNull();
    const eventId = await raiseEvent(repos, NOW, "credential.created", { credential_id: "crd_1" });
    expect(eventId).toMatch(/^evt_/);
    const testId = await sendTestEvent(repos, NOW + 1, actor, other.endpoint.id);
    const [delivery] = await listDeliveries(repos, created.endpoint.id);
    expect(delivery).toMatchObject({ eventId, eventType: "credential.created", state: "pending", attempts: 0, nextAttemptAt: new Date(NOW).toISOString() });
    expect((await listDeliveries(repos, other.endpoint.id)).map((row) => row.eventId)).toEqual([testId]);
    expect(await resendDelivery(repos, NOW + 2, actor, created.endpoint.id, delivery?.id ?? 0)).toBe(eventId);
    const log = await listDeliveries(pair.two.repos, created.endpoint.id);
    expect(log.map((row) => row.eventId)).toEqual([eventId, eventId]);
    expect(log[0]?.id).toBeGreaterThan(log[1]?.id ?? Infinity);
    // Another endpoint's delivery, an unknown one and an unknown endpoint: 404, nothing stored.
    await expect(resendDelivery(repos, NOW, actor, other.endpoint.id, delivery?.id ?? 0)).rejects.toMatchObject({ status: 404 });
    await expect(resendDelivery(repos, NOW, actor, created.endpoint.id, 999_999)).rejects.toMatchObject({ status: 404 });
    await expect(sendTestEvent(repos, NOW, actor, "whk_missing")).rejects.toMatchObject({ status: 404 });
    await expect(listDeliveries(repos, "whk_missing")).rejects.toMatchObject({ status: 404 });
    expect(await listDeliveries(repos, other.endpoint.id)).toHaveLength(1);
    expect(await repos.webhooks.countDeliveries()).toEqual({ pending: 3, delivered: 0, failed: 0 });
    // Removing an endpoint takes its deliveries with it.
    await removeWebhook(repos, NOW, actor, created.endpoint.id);
    expect(await repos.webhooks.countDeliveries()).toEqual({ pending: 1, delivered: 0, failed: 0 });
  });

  it("leases a due delivery to one claimer until the lease runs out, and writes an outcome only under its lease", async () => {
    await noEndpoints();
    const created = await createWebhook(repos, NOW, actor, { url: "https://a.example/h", events: ["credential.created"], deniedThreshold: null });
    await raiseEvent(repos, NOW, "credential.created", {});
    expect(await repos.webhooks.claimDue(NOW - 1, NOW + 1000, 10)).toEqual([]); // not due yet
    const [claimed] = await repos.webhooks.claimDue(NOW, NOW + 1000, 10);
    expect(claimed).toMatchObject({
      attempts: 0,
      leasedUntil: NOW + 1000,
      createdAt: NOW,
      url: "https://a.example/h",
      secret: created.secret,
      type: "credential.created",
    });
    expect(JSON.parse(claimed?.body ?? "{}")).toMatchObject({ id: claimed?.eventId, type: "credential.created" });
    expect(await pair.two.repos.webhooks.claimDue(NOW + 999, NOW + 2000, 10)).toEqual([]);
    // The first claimer took too long: the row is claimed again, and its late outcome is not written.
    const [again] = await pair.two.repos.webhooks.claimDue(NOW + 1000, NOW + 3000, 10);
    expect(again?.id).toBe(claimed?.id);
    const outcome = { state: "pending" as const, next: NOW + 5000, status: 503, error: null, durationMs: 12, at: NOW + 1500 };
    expect(await repos.webhooks.finishAttempt(claimed?.id ?? 0, NOW + 1000, outcome)).toBe(false);
    expect(await pair.two.repos.webhooks.finishAttempt(again?.id ?? 0, NOW + 3000, outcome)).toBe(true);
    expect((await listDeliveries(repos, created.endpoint.id))[0]).toMatchObject({
      state: "pending",
      attempts: 1,
      lastStatus: 503,
      lastDurationMs: 12,
      lastAttemptAt: new Date(NOW + 1500).toISOString(),
      nextAttemptAt: new Date(NOW + 5000).toISOString(),
    });
    expect(await repos.webhooks.claimDue(NOW + 4999, NOW + 9000, 10)).toEqual([]);
    const [retry] = await repos.webhooks.claimDue(NOW + 5000, NOW + 9000, 10);
    expect(retry?.attempts).toBe(1);
    const given = { state: "failed" as const, next: null, status: null, error: "Connection refused", durationMs: 3, at: NOW + 5001 };
    expect(await repos.webhooks.finishAttempt(retry?.id ?? 0, NOW + 9000, given)).toBe(true);
    expect(await repos.webhooks.claimDue(NOW + DAY, NOW + DAY + 1000, 10)).toEqual([]);
    expect(await repos.webhooks.countDeliveries()).toEqual({ pending: 0, delivered: 0, failed: 1 });
  });

  it("sends each due delivery exactly once with two deliverers on each of two instances racing for them", async () => {
    await noEndpoints();
    const { receiver } = await receiverEndpoint(["credential.created"]);
    const stored = new Set<string>();
    for (let n = 0; n < 60; n += 1) stored.add((await raiseEvent(n % 2 === 0 ? pair.one.repos : pair.two.repos, NOW, "credential.created", { n })) ?? "");
    const deliverers = [pair.one, pair.one, pair.two, pair.two].map(({ repos: on }) => webhookDeliverer(on, () => NOW, quiet, { timeoutMs: 5000 }));
    const sent = await Promise.all(deliverers.map((deliverer) => deliverer.runOnce()));
    expect(sent.reduce((sum, count) => sum + count, 0)).toBe(60);
    expect(await Promise.all(deliverers.map((deliverer) => deliverer.runOnce()))).toEqual([0, 0, 0, 0]);
    expect(receiver.received.map((event) => event.id).toSorted()).toEqual([...stored].toSorted());
    expect(receiver.received.every((event) => event.valid)).toBe(true);
    expect(await repos.webhooks.countDeliveries()).toEqual({ pending: 0, delivered: 60, failed: 0 });
  });

  it("prunes events older than 30 days with their deliveries, in batches", async () => {
    await noEndpoints();
    await createWebhook(repos, NOW, actor, { url: "https://a.example/h", events: ["credential.created"], deniedThreshold: null });
    for (let n = 0; n < 5; n += 1) await raiseEvent(repos, NOW - 31 * DAY + n, "credential.created", {});
    const kept = await raiseEvent(repos, NOW - 29 * DAY, "credential.created", {});
    expect(await repos.webhooks.pruneEvents(NOW - 30 * DAY, 2)).toBe(2);
    expect(await pruneWebhookEvents(pair.two.repos, NOW)).toBe(3);
    expect(await pruneWebhookEvents(repos, NOW)).toBe(0);
    const [endpoint] = await listWebhooks(repos);
    expect((await listDeliveries(repos, endpoint?.id ?? "")).map((row) => row.eventId)).toEqual([kept]);
    expect(await repos.webhooks.countDeliveries()).toEqual({ pending: 1, delivered: 0, failed: 0 });
  });

  it("marks once and remembers an address once when 20 callers on two instances race", async () => {
    const marks = await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 ? pair.one : pair.two).repos.webhooks.markOnce("crd_race", "m:1", NOW)));
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect(await repos.webhooks.markOnce("crd_race", "m:2", NOW)).toBe(true);
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 ? pair.one : pair.two).repos.webhooks.rememberAddress("crd_race", "203.0.113.1", NOW + n)),
    );
    expect(seen.filter(Boolean)).toHaveLength(1);
    expect(await repos.webhooks.rememberAddress("crd_race", "203.0.113.2", NOW)).toBe(true);
  });

  it("warns of a key expiring within 14 days once, with both instances looking, and only once an endpoint listens", async () => {
    await noEndpoints();
    await pair.one.addCredential("crd_soon", "soon", NOW + 3 * DAY);
    await pair.one.addCredential("crd_later", "later", NOW + 20 * DAY);
    await pair.one.addCredential("crd_never", "never", null);
    expect(await repos.webhooks.expiringCredentials(NOW, NOW + 14 * DAY)).toEqual([{ id: "crd_soon", username: "soon", expiresAt: NOW + 3 * DAY }]);
    expect(await raiseExpiringEvents(repos, NOW)).toBe(0);
    const { endpoint } = await receiverEndpoint(["credential.expiring"]);
    const raised = await Promise.all([raiseExpiringEvents(pair.one.repos, NOW), raiseExpiringEvents(pair.two.repos, NOW)]);
    expect(raised.toSorted()).toEqual([0, 1]);
    expect(await raiseExpiringEvents(repos, NOW + HOUR)).toBe(0);
    const [delivery] = await listDeliveries(repos, endpoint.id);
    expect(delivery?.eventType).toBe("credential.expiring");
    expect(await repos.webhooks.usernameOf("crd_soon")).toBe("soon");
    expect(await repos.webhooks.usernameOf("crd_missing")).toBeNull();
  });

  it("raises new_address and denied_spike once from both instances' history flushes", async () => {
    await noEndpoints();
    await pair.one.addCredential("crd_watch", "watcher", null);
    const { receiver, endpoint } = await receiverEndpoint(["credential.new_address", "calls.denied_spike"], 4);
    expect(await repos.webhooks.spikeEndpoints()).toEqual([{ id: endpoint.id, threshold: 4 }]);
    const instances = [pair.one, pair.two].map((instance) => {
      const watch = watchCalls(instance.repos, () => NOW, { onError: keepError, onRaised: () => {} });
      return { watch, recorder: instance.recorder(watch.watch) };
    });
    const recorders = instances.map((instance) => instance.recorder);
    const settled = () => Promise.all(instances.map((instance) => instance.watch.settled()));
    // The same new address on both instances, and three denied calls on each: 6 in the hour, over 4.
    for (const recorder of recorders) {
      recorder.record(call("198.51.100.1", "ok", NOW + MINUTE));
      for (let n = 0; n < 3; n += 1) recorder.record(call("198.51.100.9", "ip_not_allowed", NOW + MINUTE + n));
    }
    await Promise.all(recorders.map((recorder) => recorder.flush()));
    await settled();
    expect(await repos.webhooks.deniedCalls(NOW, "crd_watch")).toBe(6);
    expect(await repos.webhooks.deniedCalls(NOW + HOUR, "crd_watch")).toBe(0);
    // Later flushes of the same address and more denied calls in the hour raise nothing more.
    for (const recorder of recorders) {
      recorder.record(call("198.51.100.1", "ok", NOW + 3 * MINUTE));
      recorder.record(call("198.51.100.9", "ip_not_allowed", NOW + 3 * MINUTE));
    }
    await Promise.all(recorders.map((recorder) => recorder.flush()));
    await settled();
    await webhookDeliverer(repos, () => NOW + 10 * MINUTE, quiet, { timeoutMs: 5000 }).runOnce();
    expect(receiver.received.map((event) => event.type).toSorted()).toEqual(["calls.denied_spike", "credential.new_address"]);
    expect(receiver.ofType("credential.new_address")[0]?.data).toMatchObject({ credential_id: "crd_watch", username: "watcher", ip: "198.51.100.1" });
    expect(receiver.ofType("calls.denied_spike")[0]?.data).toMatchObject({ username: "watcher", threshold: 4 });
    expect(Number(receiver.ofType("calls.denied_spike")[0]?.data.denied_calls)).toBeGreaterThanOrEqual(4);
    await Promise.all(recorders.map((recorder) => recorder.close()));
    expect(errors).toEqual([]);
  });
});
