import { createServer, connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openPgStore, type PgStore } from "../src/db/pg/client.ts";
import { createDeps } from "../src/deps.ts";
import { generateKey } from "../src/domain/credentials/keys.ts";
import { createLogger } from "../src/logger.ts";
import { asAdmin, fromIp, jsonOf, seedAdmin, signIn, testClock } from "./helpers.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";

/** A TCP hop in front of PostgreSQL that the test can cut (connections dropped, the port closed: refused, as a stopped server's) and restore. */
async function cuttableHop(target: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
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
    close: () => server.close(),
  };
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
});
