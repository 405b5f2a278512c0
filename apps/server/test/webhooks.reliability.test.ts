import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { runCli } from "./run-cli.ts";
import { freePort, startServer, stopped } from "./processes.ts";
import { webhookReceiver } from "./webhook-receiver.ts";

const PASSWORD = "webhook-test-password";
const env = { ADMIN_USERNAME: "owner", ADMIN_PASSWORD: PASSWORD };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

const until = async (done: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 50));
};

/** Signs in as the owner of a server process and returns a JSON caller for its admin API. */
async function ownerOf(base: string) {
  const headers = { "Content-Type": "application/json", Origin: base };
  const res = await fetch(`${base}/api/admin/session`, { method: "POST", headers, body: JSON.stringify({ username: "owner", password: PASSWORD }) });
  const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  return async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, Cookie: cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, json: (await answer.json().catch(() => null)) as Record<string, unknown> | null };
  };
}

const storedEvents = (databasePath: string) => {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare("select id, type from webhook_events order by id").all() as { id: string; type: string }[];
  } finally {
    db.close();
  }
};
const storedEventIds = (databasePath: string) => storedEvents(databasePath).map((row) => row.id);

async function server(databasePath: string, extra: Record<string, string> = {}) {
  const started = await startServer(await freePort(), { DATABASE_PATH: databasePath, ...env, ...extra });
  cleanups.push(() => started.child.kill("SIGKILL"));
  return started;
}

describe("webhook delivery across processes", () => {
  it("loses no stored event when the server is killed with SIGKILL before or while sending it", async () => {
    const receiver = await webhookReceiver();
    cleanups.push(receiver.close);
    const databasePath = join(tempDir(), "webhooks.sqlite");
    // A 1 s timeout makes the lease of an attempt cut short by the kill run out within 3 s.
    const first = await server(databasePath, { WEBHOOK_TIMEOUT_SECONDS: "1" });
    const owner = await ownerOf(first.base);
    const endpoint = await owner("POST", "/api/admin/webhooks", { url: receiver.url, events: ["credential.created", "credential.updated"] });
    receiver.state.secret = String(endpoint.json?.secret);
    // The receiver takes requests but never answers: the server is mid-send when it dies.
    receiver.state.hang = true;
    for (let n = 0; n < 12; n += 1) expect((await owner("POST", "/api/admin/credentials", { username: `kill-${n}` })).status).toBe(201);
    await until(() => receiver.state.hung > 0, 5000);
    expect(receiver.state.hung).toBeGreaterThan(0);
    first.child.kill("SIGKILL");
    await stopped(first.child);
    // Stored while no server runs: the next one to start sends it.
    expect(runCli(databasePath, ["key", "create", "--username", "while-down"]).status).toBe(0);
    const stored = storedEventIds(databasePath);
    expect(stored).toHaveLength(13);

    receiver.state.hang = false;
    await server(databasePath, { WEBHOOK_TIMEOUT_SECONDS: "1" });
    await until(() => stored.every((id) => receiver.received.some((event) => event.id === id)), 15_000);
    expect(stored.filter((id) => !receiver.received.some((event) => event.id === id))).toEqual([]);
    expect(receiver.received.every((event) => event.valid)).toBe(true);
  }, 60_000);

  it("with two servers on one database, delivers each event exactly once", async () => {
    const receiver = await webhookReceiver();
    cleanups.push(receiver.close);
    const databasePath = join(tempDir(), "webhooks.sqlite");
    const [one, two] = [await server(databasePath), await server(databasePath)];
    const [ownerOne, ownerTwo] = [await ownerOf(one.base), await ownerOf(two.base)];
    const endpoint = await ownerOne("POST", "/api/admin/webhooks", { url: receiver.url, events: ["credential.created", "credential.deleted"] });
    receiver.state.secret = String(endpoint.json?.secret);
    // Changes on both instances at once, and a third writer (a slow receiver makes claims overlap).
    await Promise.all(
      Array.from({ length: 30 }, async (_, n) => {
        const owner = n % 2 === 0 ? ownerOne : ownerTwo;
        const created = await owner("POST", "/api/admin/credentials", { username: `twice-${n}` });
        expect(created.status).toBe(201);
        const id = String((created.json?.credential as { id: string } | undefined)?.id);
        expect((await (n % 3 === 0 ? ownerOne : ownerTwo)("DELETE", `/api/admin/credentials/${id}`)).status).toBe(204);
      }),
    );
    const stored = storedEventIds(databasePath);
    expect(stored).toHaveLength(60);
    await until(() => receiver.received.length >= 60, 15_000);
    // Both poll every second: give a double send the time to show.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.received.map((event) => event.id).toSorted()).toEqual(stored);
    expect(receiver.received.every((event) => event.valid)).toBe(true);
  }, 60_000);

  it("raises the new address of a call the server only flushed as it stopped (SIGTERM)", async () => {
    const receiver = await webhookReceiver();
    cleanups.push(receiver.close);
    const databasePath = join(tempDir(), "webhooks.sqlite");
    const started = await server(databasePath);
    const owner = await ownerOf(started.base);
    expect((await owner("POST", "/api/admin/webhooks", { url: receiver.url, events: ["credential.new_address"] })).status).toBe(201);
    const created = await owner("POST", "/api/admin/credentials", { username: "sigterm-key", allowedIps: [{ entry: "127.0.0.1" }] });
    const login = await fetch(`${started.base}/api/v1/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "sigterm-key", key: String(created.json?.key) }),
    });
    expect(login.status).toBe(200);
    // History is flushed every second: this call is most likely written by the shutdown's flush,
    // and its event must be stored before the database closes.
    started.child.kill("SIGTERM");
    await stopped(started.child);
    expect(started.child.exitCode).toBe(0);
    expect(storedEvents(databasePath).map((event) => event.type)).toEqual(["credential.new_address"]);
  }, 60_000);
});
