import { webhookEvents, type CreatedWebhook, type WebhookDelivery } from "@gatehouse/shared";
import { afterEach, describe, expect, it } from "vitest";
import { raiseExpiringEvents } from "../src/domain/webhooks/expiring.ts";
import { webhookDeliveryCounts } from "../src/domain/webhooks/metrics.ts";
import { DAY, HOUR, MINUTE } from "../src/lib/time.ts";
import { asAdmin, integrationSetup, jsonOf, signIn } from "./helpers.ts";
import { verifyGatehouseSignature, webhookReceiver } from "./webhook-receiver.ts";

type Setup = Awaited<ReturnType<typeof integrationSetup>>;
const receivers: { close: () => void }[] = [];
afterEach(() => receivers.splice(0).forEach((receiver) => receiver.close()));

/** An app, a receiver checking signatures on the app's clock, and an endpoint for `events` pointing at it. */
async function withEndpoint(events: readonly string[] = webhookEvents, deniedThreshold: number | null = 3) {
  const t = await integrationSetup();
  const receiver = await webhookReceiver({ clockSeconds: () => t.clock() / 1000 });
  receivers.push(receiver);
  const res = await t.call("POST", "/api/admin/webhooks", { url: receiver.url, events, deniedThreshold });
  expect(res.status).toBe(201);
  const created = await jsonOf<CreatedWebhook>(res);
  receiver.state.secret = created.secret;
  return { ...t, receiver, endpoint: created.endpoint, secret: created.secret };
}

/** The delivery log as the owner reads it (signing in again: the simulated hours end sessions). */
async function deliveries(t: Setup, endpointId: string) {
  const call = asAdmin(t.app, (await signIn(t.app, "olivia")).cookie);
  return (await jsonOf<{ items: WebhookDelivery[] }>(await call("GET", `/api/admin/webhooks/${endpointId}/deliveries`))).items;
}

describe("webhook deliveries", () => {
  it("sends each event type once, signed, with the change's credential and never its key", async () => {
    const t = await withEndpoint();
    const issued = await t.credential({ allowedIps: [{ entry: "203.0.113.10" }] });
    const patch = (body: unknown) => t.call("PATCH", `/api/admin/credentials/${issued.id}`, body);
    expect((await patch({ rateLimit: 600 })).status).toBe(200);
    const regenerated = await jsonOf<{ key: string }>(await t.call("POST", `/api/admin/credentials/${issued.id}/regenerate`, { grace: "1h" }));
    expect((await patch({ expiresAt: new Date(t.clock() + 10 * DAY).toISOString() })).status).toBe(200);
    expect(await raiseExpiringEvents(t.store.repos, t.clock())).toBe(1);
    expect(await raiseExpiringEvents(t.store.repos, t.clock() + HOUR)).toBe(0);

    // A first call from an address raises new_address at the flush; the same address again does not.
    await t.login(issued.username, regenerated.key);
    await t.deps.history.flush();
    t.clock.advance(2 * MINUTE);
    await t.login(issued.username, regenerated.key);
    // Refused calls (an address not on the list) over the threshold of 3 in the hour: one spike.
    for (let n = 0; n < 5; n += 1) await t.login(issued.username, regenerated.key, "198.51.100.7");
    await t.deps.history.flush();
    // The watch runs after the flush commits; on PostgreSQL it would otherwise count the next five too.
    await t.deps.callWatch.settled();
    for (let n = 0; n < 5; n += 1) await t.login(issued.username, regenerated.key, "198.51.100.8");
    await t.deps.history.flush();

    expect((await patch({ status: "disabled" })).status).toBe(200);
    expect((await t.call("DELETE", `/api/admin/credentials/${issued.id}`)).status).toBe(204);
    await t.deps.webhooks.runOnce();

    const { received } = t.receiver;
    expect(received.map((event) => event.type).toSorted()).toEqual(
      [...webhookEvents, "credential.updated"].toSorted(), // rate limit, then expiry
    );
    expect(received.every((event) => event.valid)).toBe(true);
    for (const event of received) {
      expect(Object.keys(JSON.parse(event.raw) as object)).toEqual(["id", "type", "created_at", "data"]);
      expect(event.data.credential_id).toBe(issued.id);
      expect(event.data.username).toBe(issued.username);
      for (const secret of [issued.key, regenerated.key, t.secret]) expect(event.raw).not.toContain(secret);
    }
    expect(new Set(received.map((event) => event.id)).size).toBe(received.length);
    expect(t.receiver.ofType("credential.new_address")[0]?.data.ip).toBe("203.0.113.10");
    expect(t.receiver.ofType("calls.denied_spike")[0]?.data).toMatchObject({ denied_calls: 5, threshold: 3 });
    expect(t.receiver.ofType("credential.updated").map((event) => event.data.changed)).toEqual([["rateLimit"], ["expiresAt"]]);
    expect((await deliveries(t, t.endpoint.id)).every((delivery) => delivery.state === "delivered" && delivery.attempts === 1)).toBe(true);
  });

  it("sends only the events an endpoint asked for", async () => {
    const t = await withEndpoint(["credential.deleted"], null);
    const issued = await t.credential();
    await t.call("PATCH", `/api/admin/credentials/${issued.id}`, { status: "disabled" });
    await t.call("DELETE", `/api/admin/credentials/${issued.id}`);
    await t.deps.webhooks.runOnce();
    expect(t.receiver.received.map((event) => event.type)).toEqual(["credential.deleted"]);
  });

  it("retries while the receiver is down and delivers every event when it is back", async () => {
    const t = await withEndpoint(["credential.created", "credential.updated"], null);
    t.receiver.state.up = false;
    const created = [];
    for (let n = 0; n < 5; n += 1) created.push(await t.credential());
    const before = { ...webhookDeliveryCounts };
    // Three hours of a receiver answering 503, the outbox looked at every simulated minute.
    for (let minute = 0; minute < 180; minute += 1) {
      await t.deps.webhooks.runOnce();
      t.clock.advance(MINUTE);
    }
    const failing = await deliveries(t, t.endpoint.id);
    expect(failing.every((delivery) => delivery.state === "pending" && delivery.lastStatus === 503)).toBe(true);
    // 10 s, 20 s, … doubling with jitter, then hourly: 9–14 attempts in three hours, not 180.
    for (const delivery of failing) expect(delivery.attempts >= 9 && delivery.attempts <= 14, `${delivery.attempts} attempts`).toBe(true);
    expect(webhookDeliveryCounts.retried - before.retried).toBe(failing.reduce((sum, delivery) => sum + delivery.attempts, 0));

    t.receiver.state.up = true;
    t.clock.advance(HOUR);
    await t.deps.webhooks.runOnce();
    expect(
      t.receiver
        .ofType("credential.created")
        .map((event) => event.data.credential_id)
        .toSorted(),
    ).toEqual(created.map((issued) => issued.id).toSorted());
    expect(t.receiver.received.every((event) => event.valid)).toBe(true);
    expect(webhookDeliveryCounts.delivered - before.delivered).toBe(5);
  });

  // A review's find: attempts went out in batches, each waiting for the slowest, so one endpoint
  // running into its timeout held every other endpoint's events back.
  it("delivers to a healthy endpoint while another one has not answered yet", async () => {
    const t = await withEndpoint(["credential.created"], null);
    const slow = await webhookReceiver();
    receivers.push(slow);
    slow.state.hang = true;
    expect((await t.call("POST", "/api/admin/webhooks", { url: slow.url, events: ["credential.created"], deniedThreshold: null })).status).toBe(201);
    const first = await t.credential();
    const sending = [t.deps.webhooks.runOnce()];
    await expect.poll(() => slow.state.hung, { timeout: 3000, interval: 20 }).toBe(1);
    // The slow endpoint's attempt is under way (10 s to its timeout) when the next change comes.
    const second = await t.credential();
    const started = performance.now();
    sending.push(t.deps.webhooks.runOnce());
    await expect.poll(() => t.receiver.ofType("credential.created").length, { timeout: 3000, interval: 20 }).toBe(2);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(t.receiver.received.map((event) => event.data.credential_id)).toEqual([first.id, second.id]);
    slow.close();
    await Promise.all(sending);
  });

  it("gives a delivery up after 24 hours, and Resend sends its event again", async () => {
    const t = await withEndpoint(["credential.created"], null);
    t.receiver.state.up = false;
    await t.credential();
    const before = webhookDeliveryCounts.failed;
    for (let hour = 0; hour < 26; hour += 1) {
      await t.deps.webhooks.runOnce();
      t.clock.advance(HOUR);
    }
    const [failed] = await deliveries(t, t.endpoint.id);
    expect(failed).toMatchObject({ state: "failed", nextAttemptAt: null, lastStatus: 503 });
    expect(webhookDeliveryCounts.failed - before).toBe(1);

    t.receiver.state.up = true;
    const call = asAdmin(t.app, (await signIn(t.app, "olivia")).cookie);
    expect((await call("POST", `/api/admin/webhooks/${t.endpoint.id}/deliveries/${failed?.id}/resend`)).status).toBe(202);
    await t.deps.webhooks.runOnce();
    const [resent] = await deliveries(t, t.endpoint.id);
    expect(resent).toMatchObject({ eventId: failed?.eventId, state: "delivered", attempts: 1, lastStatus: 204 });
    expect(t.receiver.received.map((event) => event.id)).toEqual([failed?.eventId]);
  });

  it("sends a test event to the one endpoint, whose signature README's check accepts and a forgery fails", async () => {
    const t = await withEndpoint(["credential.created"], null);
    const res = await t.call("POST", `/api/admin/webhooks/${t.endpoint.id}/test`);
    expect(res.status).toBe(202);
    await t.deps.webhooks.runOnce();
    expect(t.receiver.received).toMatchObject([{ type: "webhook.test", id: (await jsonOf<{ eventId: string }>(res)).eventId, valid: true }]);
    const { signature, raw } = t.receiver.received[0] ?? { signature: "", raw: "" };
    const now = t.clock() / 1000;
    expect(verifyGatehouseSignature(t.secret, signature, raw, now)).toBe(true);
    expect(verifyGatehouseSignature(t.secret, signature, raw.replace("webhook.test", "credential.deleted"), now)).toBe(false);
    expect(verifyGatehouseSignature(`${t.secret}x`, signature, raw, now)).toBe(false);
    expect(verifyGatehouseSignature(t.secret, signature, raw, now + 301)).toBe(false);
    expect(signature).toMatch(new RegExp(`^t=${Math.floor(now)},v1=[0-9a-f]{64}$`));
  });
});
