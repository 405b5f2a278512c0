import { createServer, connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openPgStore, type PgStore } from "../src/db/pg/client.ts";
import { createDeps } from "../src/deps.ts";
import { generateKey } from "../src/domain/credentials/keys.ts";
import { createLogger } from "../src/logger.ts";
import { asAdmin, fromIp, jsonOf, seedAdmin, seedCredential, signIn, testClock } from "./helpers.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

const flow = ([client, upstream]: [Socket, Socket]) => client.pipe(upstream).pipe(client);

/**
 * A TCP hop in front of PostgreSQL that the test can cut (connections dropped, the port closed:
 * refused, as a stopped server's) and restore, or silence (nothing passes either way, new
 * connections are taken and left waiting: a server that stopped answering) and let speak again.
 */
async function cuttableHop(target: URL) {
  const sockets = new Set<Socket>();
  const pairs: [Socket, Socket][] = [];
  let silent = false;
  const join = (client: Socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pairs.push([client, upstream]);
    flow([client, upstream]);
  };
  const waiting: Socket[] = [];
  const server = createServer((client) => {
    if (!silent) return join(client);
    client.pause();
    waiting.push(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
    restore: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    silence: () => {
      silent = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream).pause();
        upstream.unpipe(client).pause();
      }
    },
    speak: () => {
      silent = false;
      for (const pair of pairs) flow(pair);
      for (const client of waiting.splice(0)) if (!client.destroyed) join(client);
    },
    close: () => server.close(),
  };
}

/** An app on `store` with a key for `username`, and a login with it from `ip`. */
async function loginOn(store: PgStore, username: string, ip: string) {
  const deps = createDeps(
    loadConfig({ DATABASE_PATH: ":memory:", DATABASE_URL: store.url }),
    store,
    testClock(),
    createLogger("error", () => {}),
  );
  const app = createApp(deps);
  const { key } = await seedCredential(deps, { username, scopes: ["products:read"], allowedIps: ["*"] });
  const body = JSON.stringify({ username, key });
  const login = () => app.request("/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" }, body }, fromIp(ip));
  return { deps, login };
}

describe.runIf(testDatabaseUrl)("PostgreSQL going away and coming back", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let hop: Awaited<ReturnType<typeof cuttableHop>>;
  let store: PgStore;
  beforeAll(async () => {
    database = await freshDatabase();
    const url = new URL(database.url);
    hop = await cuttableHop(new URL(database.url));
    url.host = `127.0.0.1:${hop.port}`;
    store = await openPgStore(url.toString());
  }, 30_000);
  afterAll(async () => {
    await store.close({ timeout: 1 });
    hop.close();
    await database.drop();
  });

  it("answers 503 with Retry-After while it is away, writes nothing half, and recovers by itself", async () => {
    const clock = testClock();
    const lines: string[] = [];
    const deps = createDeps(
      loadConfig({ DATABASE_PATH: ":memory:", DATABASE_URL: store.url }),
      store,
      clock,
      createLogger("debug", (line) => lines.push(line)),
    );
    const app = createApp(deps);
    await seedAdmin(deps, "olivia", "owner");
    const { cookie } = await signIn(app, "olivia");
    const call = asAdmin(app, cookie);
    const create = (username: string) => call("POST", "/api/admin/credentials", { username, scopes: ["products:read"], allowedIps: [{ entry: "*" }] });
    expect((await create("before-outage")).status).toBe(201);

    hop.cut();
    const during = await Promise.all([
      create("during-outage"),
      call("GET", "/api/admin/credentials"),
      app.request(
        "/api/v1/login",
        { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "never-looked-up", key: generateKey().key }) },
        fromIp("203.0.113.9"),
      ),
    ]);
    for (const res of during) {
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect((await jsonOf<{ error: { code: string } }>(res)).error.code).toBe("unavailable");
    }
    expect(lines.filter((line) => line.includes("the database is not answering"))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);

    await hop.restore();
    let recovered = 0;
    for (let attempt = 0; attempt < 50 && recovered !== 200; attempt += 1) {
      recovered = (await call("GET", "/api/admin/credentials")).status;
      if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(200);
    const names = (await jsonOf<{ items: { username: string }[] }>(await call("GET", "/api/admin/credentials"))).items.map((item) => item.username);
    expect(names).toEqual(["before-outage"]);
    expect((await create("after-outage")).status).toBe(201);
    await deps.history.close();
  }, 30_000);

  // A review's find: with PostgreSQL stopped under a flood of logins, only the first logins got
  // 503; the rest queued in postgres.js, which gives each new connection one of them and then
  // waits ever longer (its backoff reaches 7 s, then 20 s): they were answered 7-19 s later.
  it("answers every login of a flood within a moment while it is away, and logs in again when it returns", async () => {
    const { deps, login } = await loginOn(store, "flood-sync", "203.0.113.20");
    const answers: { status: number; ms: number; startedAt: number; endedAt: number }[] = [];
    const flood = { running: true };
    const loop = async () => {
      while (flood.running) {
        const started = performance.now();
        const res = await login();
        await res.arrayBuffer();
        answers.push({ status: res.status, ms: performance.now() - started, startedAt: started, endedAt: performance.now() });
        // A 503 from the gate settles without I/O: let the timers below run, as a socket would.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const loops = Array.from({ length: 256 }, loop);
    while (answers.filter((answer) => answer.status === 200).length < 1_000) await new Promise((resolve) => setTimeout(resolve, 20));
    const cutAt = performance.now();
    hop.cut();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const restoredAt = performance.now();
    await hop.restore();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    flood.running = false;
    await Promise.all(loops);

    const afterCut = answers.filter((answer) => answer.endedAt > cutAt);
    // A login under way at the cut may have had its answer from the server already.
    const duringOutage = afterCut.filter((answer) => answer.startedAt > cutAt && answer.endedAt < restoredAt);
    expect(new Set(duringOutage.map((answer) => answer.status))).toEqual(new Set([503]));
    expect(new Set(afterCut.map((answer) => answer.status))).toEqual(new Set([200, 503]));
    // Before the fix: 3.7 s in this test, with the outage 4 s long (a longer one, longer).
    expect(Math.max(...afterCut.map((answer) => answer.ms))).toBeLessThan(2_000);
    expect(answers.at(-1)?.status).toBe(200);
    await deps.history.close();
  }, 30_000);

  it("answers calls queued in the pool within moments of the server going away, not one per growing wait", async () => {
    const queueing = await openPgStore(store.url);
    hop.cut();
    const started = performance.now();
    // More calls than connections: the pool queues the rest, and each connection it tries again takes one.
    const outcomes = await Promise.allSettled(Array.from({ length: 300 }, (_, n) => queueing.sql`select ${n}::int as n`));
    const took = performance.now() - started;
    await hop.restore();
    expect(outcomes.every((outcome) => outcome.status === "rejected")).toBe(true);
    // Before: postgres.js's backoff grows to 20 s, and 300 calls took minutes.
    expect(took).toBeLessThan(5_000);
    await queueing.close({ timeout: 1 });
  }, 30_000);

  it("turns calls away once a server that went silent has left one unanswered for 5 s", async () => {
    const { deps, login } = await loginOn(store, "quiet-sync", "203.0.113.21");
    expect((await login()).status).toBe(200);

    hop.silence();
    // Sent before anything could know: it waits, as on a real network, until the server speaks.
    const unanswered = login();
    // 5 s without an answer, the watchdog's next look (1 s) and the probe's own limit (3 s).
    await new Promise((resolve) => setTimeout(resolve, 9_500));
    const started = performance.now();
    const turnedAway = await login();
    expect(turnedAway.status).toBe(503);
    expect(turnedAway.headers.get("retry-after")).toBe("5");
    expect(performance.now() - started).toBeLessThan(500);

    hop.speak();
    expect((await unanswered).status).toBe(200);
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await login()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    await deps.history.close();
  }, 30_000);
});
