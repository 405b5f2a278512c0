import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";
import { httpClient } from "./over-http.ts";
import { freePort, startRedis, startServer, stopped } from "./processes.ts";
import { roundRobinProxy } from "./round-robin-proxy.ts";

/**
 * Three instances behind a round-robin proxy, sharing one database and one Redis, as a store
 * runs Gatehouse on several machines: whatever instance an admin or an integration reaches,
 * the answer is the same: on one SQLite file, and on PostgreSQL (when TEST_DATABASE_URL is set).
 */
const PASSWORD = "cluster-test-password";
const CLIENT = "198.51.100.20";
/** Where the three keep their data, and how the test reads history counts straight from it. */
type Storage = { env: Record<string, string>; historyCount: (credentialId: string) => Promise<number>; drop: () => Promise<void> };

const onSqlite = async (): Promise<Storage> => {
  const path = join(tempDir(), "gatehouse.sqlite");
  return {
    env: { DATABASE_PATH: path },
    historyCount: async (credentialId) => {
      const sqlite = new Database(path, { readonly: true });
      const row = sqlite.prepare("select sum(count) as calls from api_history where credential_id = ?").get(credentialId) as { calls: number };
      sqlite.close();
      return row.calls;
    },
    drop: async () => {},
  };
};

const onPostgres = async (): Promise<Storage> => {
  const database = await freshDatabase();
  return {
    // The key file would be one per instance's folder; several instances share SECRET_KEY.
    env: { DATABASE_URL: database.url, DATABASE_PATH: join(tempDir(), "unused.sqlite"), SECRET_KEY: "cluster-test-secret-key-of-32-characters!" },
    historyCount: async (credentialId) => {
      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      const [row] = await sql<{ calls: string }[]>`select sum(count)::text as calls from api_history where credential_id = ${credentialId}`;
      await sql.end();
      return Number(row?.calls);
    },
    drop: database.drop,
  };
};

const storages = [{ name: "one SQLite file", open: onSqlite }, ...(testDatabaseUrl ? [{ name: "PostgreSQL", open: onPostgres }] : [])];

const processes: ChildProcess[] = [];
let storage: Storage;
let instances: ReturnType<typeof httpClient>[] = [];
let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
let balanced: ReturnType<typeof httpClient>;

async function signIn(client: ReturnType<typeof httpClient>) {
  const res = await client.send("POST", "/api/admin/session", { body: { username: "owner", password: PASSWORD } });
  expect(res.status).toBe(200);
  return res.headers.get("set-cookie")?.split(";")[0] ?? "";
}

async function createKey(client: ReturnType<typeof httpClient>, cookie: string, body: Record<string, unknown>) {
  const res = await client.send("POST", "/api/admin/credentials", { cookie, body: { scopes: ["products:read"], allowedIps: [{ entry: "*" }], ...body } });
  expect(res.status).toBe(201);
  return (await res.json()) as { key: string; credential: { id: string; username: string } };
}

/** Calls GET /api/v1/session on `instance` until it is refused (401), which must happen within a second of `since`. */
async function expectRefusedWithinASecond(
  instance: ReturnType<typeof httpClient>,
  credentials: Parameters<ReturnType<typeof httpClient>["send"]>[2],
  since: number,
) {
  let status = 200;
  while (status === 200 && Date.now() - since < 2000) {
    status = (await instance.send("GET", "/api/v1/session", credentials)).status;
    if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(status).toBe(401);
  expect(Date.now() - since).toBeLessThan(1000);
}

describe.runIf(process.env.TEST_REDIS_URL).each(storages)("three instances on $name behind a round-robin proxy", ({ open }) => {
  beforeAll(async () => {
    const redisPort = await freePort();
    processes.length = 0;
    processes.push(await startRedis(redisPort));
    storage = await open();
    const env = {
      ...storage.env,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      TRUSTED_PROXIES: "127.0.0.1",
      ADMIN_USERNAME: "owner",
      ADMIN_PASSWORD: PASSWORD,
    };
    // The first creates the database and the owner; the other two start together beside it.
    const first = await startServer(await freePort(), env);
    const others = await Promise.all([startServer(await freePort(), env), startServer(await freePort(), env)]);
    for (const { child } of [first, ...others]) processes.push(child);
    instances = [first, ...others].map(({ base }) => httpClient(base));
    proxy = await roundRobinProxy([first, ...others].map(({ base }) => base));
    balanced = httpClient(proxy.baseUrl);
  }, 60_000);
  afterAll(async () => {
    proxy?.close();
    for (const child of processes) child.kill("SIGKILL");
    await Promise.all(processes.map(stopped));
    await storage.drop();
  });

  it("a key made on A logs in through B and its token works on C at once; A's admin session works on B", async () => {
    const [a, b, c] = instances as [ReturnType<typeof httpClient>, ReturnType<typeof httpClient>, ReturnType<typeof httpClient>];
    const cookie = await signIn(a);
    const made = await createKey(a, cookie, { username: "erp-cluster" });
    expect((await b.send("GET", "/api/admin/credentials?search=erp-cluster", { cookie })).status).toBe(200);
    for (let round = 0; round < 20; round += 1) {
      const login = await b.send("POST", "/api/v1/login", { body: { username: "erp-cluster", key: made.key }, ip: CLIENT });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      // The integration's next call lands on another instance a moment later.
      const session = await c.send("GET", "/api/v1/session", { token, ip: CLIENT });
      expect([round, session.status]).toEqual([round, 200]);
    }
  });

  it("a key disabled on B is refused by A and C within one second", async () => {
    const [a, b, c] = instances as [ReturnType<typeof httpClient>, ReturnType<typeof httpClient>, ReturnType<typeof httpClient>];
    const cookie = await signIn(b);
    const made = await createKey(b, cookie, { username: "pos-cluster" });
    const basic: [string, string] = ["pos-cluster", made.key];
    for (const instance of [a, c]) expect((await instance.send("GET", "/api/v1/session", { basic, ip: CLIENT })).status).toBe(200);
    const disabledAt = Date.now();
    expect((await b.send("PATCH", `/api/admin/credentials/${made.credential.id}`, { cookie, body: { status: "disabled" } })).status).toBe(200);
    for (const instance of [a, c]) await expectRefusedWithinASecond(instance, { basic, ip: CLIENT }, disabledAt);
  });

  it("a token logged out on A is refused by B and C within one second", async () => {
    const [a, b, c] = instances as [ReturnType<typeof httpClient>, ReturnType<typeof httpClient>, ReturnType<typeof httpClient>];
    const made = await createKey(a, await signIn(a), { username: "exit-cluster" });
    const login = await a.send("POST", "/api/v1/login", { body: { username: "exit-cluster", key: made.key }, ip: CLIENT });
    const { token } = (await login.json()) as { token: string };
    // B and C hold the token in their caches now.
    for (const instance of [b, c]) expect((await instance.send("GET", "/api/v1/session", { token, ip: CLIENT })).status).toBe(200);
    const loggedOutAt = Date.now();
    expect((await a.send("POST", "/api/v1/logout", { token, ip: CLIENT })).status).toBe(204);
    expect((await a.send("GET", "/api/v1/session", { token, ip: CLIENT })).status).toBe(401);
    for (const instance of [b, c]) await expectRefusedWithinASecond(instance, { token, ip: CLIENT }, loggedOutAt);
  });

  it("a limit of 25 a minute lets exactly 25 through across the three, and login failures count on all three", async () => {
    const cookie = await signIn(instances[0]!);
    const made = await createKey(instances[0]!, cookie, { username: "limit-cluster", rateLimit: 25 });
    const calls = Array.from({ length: 60 }, () => ["GET", "/api/v1/session", { basic: ["limit-cluster", made.key] as [string, string], ip: CLIENT }] as const);
    const statuses = await balanced.flood(
      calls.map((call) => [...call]),
      12,
    ).done;
    expect(statuses.filter((status) => status === 200)).toHaveLength(25);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);

    // 10 failed logins per username and address in 5 minutes, whichever instance saw them.
    const wrong = Array.from(
      { length: 14 },
      () => ["POST", "/api/v1/login", { body: { username: "limit-cluster", key: "gk_wrong" }, ip: "203.0.113.77" }] as const,
    );
    const failures = await balanced.flood(
      wrong.map((call) => [...call]),
      1,
    ).done;
    expect(failures.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(failures.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it("admin changes made on all three at the same moment all succeed: none meets a locked database", async () => {
    const cookies = await Promise.all(instances.map(signIn));
    const created = await instances[0]!.send("POST", "/api/admin/users", {
      cookie: cookies[0],
      body: { username: "role-flip", role: "viewer", password: "role-flip-password" },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const made = await createKey(instances[0]!, cookies[0]!, { username: "flip-cluster" });
    const changes = Array.from({ length: 45 }, (_, n) => {
      const at = n % 3;
      const instance = instances[at]!;
      return n % 2 === 0
        ? instance.send("PATCH", `/api/admin/users/${id}`, { cookie: cookies[at], body: { role: n % 4 === 0 ? "editor" : "viewer" } })
        : instance.send("PATCH", `/api/admin/credentials/${made.credential.id}`, { cookie: cookies[at], body: { rateLimit: 100 + n } });
    });
    const statuses = (await Promise.all(changes)).map((res) => res.status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it("counts 30,000 calls spread over the three exactly in the history", async () => {
    const cookie = await signIn(instances[1]!);
    const made = await createKey(instances[1]!, cookie, { username: "sync-cluster" });
    const calls = Array.from(
      { length: 30_000 },
      () => ["GET", "/api/v1/session", { basic: ["sync-cluster", made.key] as [string, string], ip: CLIENT }] as const,
    );
    const statuses = await balanced.flood(
      calls.map((call) => [...call]),
      48,
    ).done;
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await storage.historyCount(made.credential.id)).toBe(30_000);
  }, 120_000);

  it("SIGKILL of one instance under load loses no acknowledged admin change, and the others keep answering", async () => {
    const [a, b, c] = instances as [ReturnType<typeof httpClient>, ReturnType<typeof httpClient>, ReturnType<typeof httpClient>];
    const cookie = await signIn(c);
    const made = await createKey(a, cookie, { username: "load-cluster" });
    const basic: [string, string] = ["load-cluster", made.key];
    const load = [a, b].map((instance) =>
      instance.flood(
        Array.from({ length: 3000 }, () => ["GET", "/api/v1/session", { basic, ip: CLIENT }]),
        8,
      ),
    );
    const acknowledged: string[] = [];
    const victim = processes[3]!;
    const writes = (async () => {
      for (let n = 0; n < 200 && victim.exitCode === null && victim.signalCode === null; n += 1) {
        const res = await c.send("POST", "/api/admin/credentials", { cookie, body: { username: `kill-${n}`, allowedIps: [] } }).catch(() => null);
        if (res?.status === 201) acknowledged.push(`kill-${n}`);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 400));
    victim.kill("SIGKILL");
    await Promise.all([writes, stopped(victim)]);
    const statuses = (await Promise.all(load.map((flood) => flood.done))).flat();
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    // All 200 the loop may make fit one page: a fast run acknowledged over 100, and kill-98 sorted past the first 100.
    const list = await a.send("GET", "/api/admin/credentials?search=kill-&pageSize=200", { cookie: await signIn(a) });
    const names = ((await list.json()) as { items: { username: string }[] }).items.map((item) => item.username);
    for (const name of acknowledged) expect(names).toContain(name);
  }, 60_000);
});
