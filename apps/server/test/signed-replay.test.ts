import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { openStore } from "../src/db/client.ts";
import { createDeps } from "../src/deps.ts";
import { createLogger } from "../src/logger.ts";
import { errorOf, integrationSetup, tempDir, countOf } from "./helpers.ts";
import { ed25519Pair, signedCall, signRequest } from "./signing.ts";

/** Two instances on one database (and, when given, one Redis): a request captured on one is replayed on the other. */
async function twoInstances(env: Record<string, string> = {}) {
  const path = join(tempDir(), "gatehouse.sqlite");
  const t = await integrationSetup(path, env);
  const otherStore = openStore(path);
  const other = createDeps(t.deps.config, otherStore, t.clock, createLogger("silent"));
  await Promise.all([t.deps.redis?.start(), other.redis?.start()]);
  const pair = ed25519Pair();
  const api = await t.credential({ signing: { mode: "required", alg: "ed25519", publicKey: pair.publicKeyJwk } });
  const captured: { url: string; body: string | null; headers: Record<string, string> }[] = [];
  const first = await signedCall(t.app, { keyid: api.username, privateKeyPem: pair.privateKeyPem }, "PATCH", "/products/MUG-LOGO", {
    body: JSON.stringify({ quantity: 3 }),
    now: t.clock(),
    tamper: (request) => void captured.push(request),
  });
  const request = captured[0]!;
  const replay = await createApp(other).request(request.url, { method: "PATCH", headers: request.headers, body: request.body }, {
    incoming: { socket: { remoteAddress: "203.0.113.10" } },
  } as never);
  const stop = async () => {
    await Promise.all([t.deps.redis?.stop(), other.redis?.stop()]);
    otherStore.sqlite.close();
  };
  return { t, api, first, replay, stop };
}

/** A key signing with Ed25519 (Required), GET /session signed at a given time, and a way to send it. */
async function signedSession(key: { rateLimit?: number } = {}) {
  const t = await integrationSetup();
  const pair = ed25519Pair();
  const api = await t.credential({ ...key, signing: { mode: "required", alg: "ed25519", publicKey: pair.publicKeyPem } });
  const url = "http://localhost/api/v1/session";
  const sign = (at: number) => signRequest({ keyid: api.username, privateKeyPem: pair.privateKeyPem }, "GET", url, null, "application/json", at);
  const send = (headers: Record<string, string>) => t.app.request(url, { headers }, { incoming: { socket: { remoteAddress: "203.0.113.10" } } } as never);
  return { t, sign, send };
}

describe("A replayed signed request", () => {
  it("is refused by another instance on the same database (the nonces table)", async () => {
    const { t, first, replay, stop } = await twoInstances();
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).message).toContain("(nonce_reused)");
    expect(await countOf(t.store, "signature_nonces")).toBe(1);
    await stop();
  });

  it("sent 40 times at once is served once", async () => {
    const { t, sign, send } = await signedSession();
    const headers = sign(t.clock());
    const statuses = await Promise.all(Array.from({ length: 40 }, () => send(headers))).then((responses) => responses.map((res) => res.status));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(39);
  });

  // A review's find: the replays counted against the key's rate limit before their nonce was
  // checked, so a captured request replayed a few times locked the real integration out.
  it("does not spend the key's rate limit: the integration's next call still goes through", async () => {
    const { t, sign, send } = await signedSession({ rateLimit: 3 });
    const captured = sign(t.clock());
    expect((await send(captured)).status).toBe(200);
    for (let replay = 0; replay < 6; replay += 1) {
      const res = await send(captured);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).message).toContain("(nonce_reused)");
    }
    expect((await send(sign(t.clock()))).status).toBe(200);
  });

  it("is refused for as long as its signature is accepted, even when created 300 s ahead", async () => {
    const { t, sign, send } = await signedSession();
    t.clock.advance(1000 - (t.clock() % 1000));
    const ahead = sign(t.clock() + 300_000);
    expect((await send(ahead)).status).toBe(200);
    // 600.5 s on, `created` is still within 300 s of the clock's second.
    t.clock.advance(600_500);
    const replay = await send(ahead);
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).message).toContain("(nonce_reused)");
  });

  it.runIf(process.env.TEST_REDIS_URL)("is refused by another instance sharing Redis (SET NX EX)", async () => {
    const { t, api, first, replay, stop } = await twoInstances({ REDIS_URL: process.env.TEST_REDIS_URL ?? "" });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).message).toContain("(nonce_reused)");
    // Redis held the nonce (for 602 s), not the table.
    const keys = await t.deps.redis!.client.keys(`gatehouse:nonce:${api.id}:*`);
    expect(keys).toHaveLength(1);
    expect(await t.deps.redis!.client.ttl(keys[0]!)).toBeGreaterThan(590);
    expect(await countOf(t.store, "signature_nonces")).toBe(0);
    await stop();
  });
});
