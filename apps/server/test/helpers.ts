import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AdminRole, ErrorEnvelope, IssuedKey, Scope } from "@gatehouse/shared";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../src/app.ts";
import { type slowClientLimits, startHttpServer } from "../src/http-server.ts";
import { loadConfig, type Config } from "../src/config.ts";
import { openStore } from "../src/db/client.ts";
import { openPgStore, type PgStore } from "../src/db/pg/client.ts";
import type { Store } from "../src/db/store.ts";
import { afterAll } from "vitest";
import { freshDatabase } from "./pg/databases.ts";
import { createDeps, settleDeps } from "../src/deps.ts";
import { createAdminUser } from "../src/domain/admin/users.ts";
import { createCredential } from "../src/domain/credentials/write.ts";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";
import type { AppDeps } from "../src/deps.ts";
import { createLogger } from "../src/logger.ts";

/** A clock tests can move. */
export function testClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  clock.set = (ms: number) => {
    now = ms;
  };
  return clock;
}

export type TestClock = ReturnType<typeof testClock>;

/** A stand-in for the built admin app, so tests get pages rather than "not built". */
const fakeWebDist = (() => {
  const folder = mkdtempSync(join(tmpdir(), "gatehouse-web-"));
  writeFileSync(join(folder, "index.html"), "<!doctype html><title>Gatehouse</title><div id=root></div>");
  return folder;
})();

/**
 * The "postgres" test project sets GATEHOUSE_TEST_DATABASE=postgres: testApp (and every setup built
 * on it) then runs on PostgreSQL (TEST_DATABASE_URL), one database per test file, emptied before
 * each app. A DATABASE_PATH in `env` asks for that SQLite file on either project.
 */
export const onPostgres = process.env.GATEHOUSE_TEST_DATABASE === "postgres";
let fileDatabase: ReturnType<typeof freshDatabase> | undefined;
let fileStore: PgStore | undefined;
let previousDeps: AppDeps | undefined;
if (onPostgres)
  afterAll(async () => {
    if (previousDeps) await settleDeps(previousDeps);
    await fileStore?.close();
    await (await fileDatabase)?.drop();
  });

/** This test file's PostgreSQL database, emptied (the last app's history written first, so none of it lands in the next). */
async function emptiedPgStore() {
  fileDatabase ??= freshDatabase();
  const { url } = await fileDatabase;
  fileStore ??= await openPgStore(url);
  // The last app's work in the background would hold locks the truncate waits for.
  if (previousDeps) await settleDeps(previousDeps);
  previousDeps = undefined;
  const tables = await fileStore.sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public'`;
  await fileStore.sql.unsafe(`truncate ${tables.map(({ name }) => `"${name}"`).join(", ")} restart identity cascade`);
  return fileStore;
}

/** A fresh app on this project's database (SQLite in memory, or PostgreSQL); `lines` collects every log line for secret checks. */
export async function testApp(env: Record<string, string> = {}, options: { webDist?: string } = {}) {
  const pg = onPostgres && !env.DATABASE_PATH ? await emptiedPgStore() : undefined;
  const config: Config = loadConfig({ DATABASE_PATH: ":memory:", ...(pg ? { DATABASE_URL: pg.url } : {}), ...env });
  const store: Store = pg ?? openStore(config.DATABASE_PATH);
  const clock = testClock();
  const lines: string[] = [];
  const logger = createLogger("debug", (line) => lines.push(line));
  const deps: AppDeps = createDeps(config, store, clock, logger);
  if (pg) previousDeps = deps;
  const app = createApp(deps, { webDist: options.webDist ?? fakeWebDist });
  return { app, deps, clock, lines, store };
}

/** The SQLite connection under a test's app, for tests that look at the file itself (they run on SQLite only). */
export function sqliteOf(store: Store) {
  if (store.kind !== "sqlite") throw new Error("this test reads SQLite directly: it runs on SQLite only");
  return store.sqlite;
}

/** PostgreSQL's int8 and timestamptz, and booleans, read as SQLite gives them: numbers, epoch ms, 1 and 0. */
const INT8 = 20;
const TIMESTAMPTZ = 1184;
function asSqliteGivesIt(value: unknown, type: number | undefined) {
  if (value === null) return null;
  if (type === INT8) return Number(value);
  // Drizzle's postgres.js driver leaves times as PostgreSQL writes them ("2026-11-25 12:00:00+00").
  if (type === TIMESTAMPTZ) return value instanceof Date ? value.getTime() : Date.parse(String(value));
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/**
 * The rows of a query on whichever database the test's app runs on, `?` for parameters, values as
 * SQLite gives them (so one expectation holds on both). Write the SQL both dialects read: times are
 * epoch ms on SQLite and timestamptz on PostgreSQL, so compare them through `at(ms)` or a repository.
 */
export async function rowsOf(store: Store, query: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (store.kind === "sqlite") {
    const statement = store.sqlite.prepare(query);
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as Record<string, unknown>[];
  }
  let n = 0;
  const result = await store.sql.unsafe(
    query.replace(/\?/g, () => `$${++n}`),
    params as never[],
  );
  const types = new Map(result.columns?.map((column) => [column.name, column.type]) ?? []);
  return result.map((row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [name, asSqliteGivesIt(value, types.get(name))])),
  );
}

/** The first row of such a query (undefined when there is none). */
export async function rowOf(store: Store, query: string, params: unknown[] = []) {
  return (await rowsOf(store, query, params))[0];
}

/** How many rows `table` holds (that match `where`, in SQL both dialects read). */
export async function countOf(store: Store, table: string, where = "true", params: unknown[] = []) {
  return Number((await rowOf(store, `select count(*) as n from ${table} where ${where}`, params))?.n);
}

/** A time as a literal of the store's dialect, for SQL that writes or compares one. */
export function at(store: Store, ms: number) {
  return store.kind === "sqlite" ? String(ms) : `to_timestamp(${ms} / 1000.0)`;
}

/** Sends a request as if from `ip` (the socket address the Node adapter would give). */
export function fromIp(ip: string) {
  return { incoming: { socket: { remoteAddress: ip } } } as never;
}

export function tempDir(prefix = "gatehouse-test-") {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The JSON body of a response, typed by the caller (tests assert on its shape). */
export async function jsonOf<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** The error part of an error envelope. */
export async function errorOf(res: Response) {
  return (await jsonOf<ErrorEnvelope>(res)).error;
}

export const PASSWORD = "correct-horse-battery";

/** Adds an admin user straight through the domain (no HTTP), for test setup. */
export async function seedAdmin(deps: AppDeps, username: string, role: AdminRole, password = PASSWORD) {
  return createAdminUser(deps.store.repos, deps.clock(), { id: null, name: "test", ip: "local" }, { username, role, password });
}

type App = Awaited<ReturnType<typeof testApp>>["app"];

/** Headers a same-origin fetch from the SPA would carry. */
export const sameOrigin = { Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" };

export async function signIn(app: App, username: string, password = PASSWORD, ip = "127.0.0.1") {
  const res = await app.request(
    "/api/admin/session",
    { method: "POST", headers: { ...sameOrigin, "Content-Type": "application/json" }, body: JSON.stringify({ username, password }) },
    fromIp(ip),
  );
  const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  return { res, cookie };
}

/** Calls the admin API as the holder of `cookie`, the way the SPA does. */
export function asAdmin(app: App, cookie: string, ip = "127.0.0.1") {
  return (method: string, path: string, body?: unknown) =>
    app.request(
      path,
      {
        method,
        headers: { ...sameOrigin, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      fromIp(ip),
    );
}

/** An app with an owner (and optionally a signed-in editor or viewer) and a helper to create credentials. */
export async function credentialsSetup(role: "owner" | "editor" | "viewer" = "owner", databasePath?: string, env: Record<string, string> = {}) {
  const t = await testApp({ ...env, ...(databasePath ? { DATABASE_PATH: databasePath } : {}) });
  await seedAdmin(t.deps, "olivia", "owner");
  if (role !== "owner") await seedAdmin(t.deps, `${role}-user`, role);
  const { cookie } = await signIn(t.app, role === "owner" ? "olivia" : `${role}-user`);
  const call = asAdmin(t.app, cookie);
  const create = async (body: Record<string, unknown>) => jsonOf<IssuedKey>(await call("POST", "/api/admin/credentials", body));
  return { ...t, call, create, cookie };
}

type V1Options = { token?: string; basic?: [string, string]; ip?: string; body?: unknown; headers?: Record<string, string> };

/** An app with demo data and an owner, plus helpers to make credentials and call /api/v1. */
export async function integrationSetup(databasePath?: string, env: Record<string, string> = {}) {
  const t = await credentialsSetup("owner", databasePath, env);
  await seedDemoData(t.store.repos, t.clock());
  const v1 = (method: string, path: string, options: V1Options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.basic) headers.Authorization = `Basic ${Buffer.from(options.basic.join(":")).toString("base64")}`;
    if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
    const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    return t.app.request(`/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body }) }, fromIp(options.ip ?? "203.0.113.10"));
  };
  /** A credential allowed from 203.0.113.10 (unless told otherwise) with every scope. */
  const credential = async (body: Record<string, unknown> = {}) => {
    const issued = await t.create({
      username: `api-${Math.random().toString(36).slice(2, 10)}`,
      scopes: ["products:read", "products:write", "orders:read", "orders:write"],
      allowedIps: [{ entry: "203.0.113.10" }],
      ...body,
    });
    return { ...issued, username: issued.credential.username, id: issued.credential.id };
  };
  const login = async (username: string, key: string, ip = "203.0.113.10") => {
    const res = await v1("POST", "/login", { body: { username, key }, ip });
    return { res, token: res.status === 200 ? (await jsonOf<{ token: string }>(res)).token : "" };
  };
  return { ...t, v1, credential, login };
}

/** Serves the app over real HTTP on a free loopback port, as main.ts does. */
export async function listen(deps: AppDeps, limits?: typeof slowClientLimits) {
  let server: Server | undefined;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = startHttpServer(createApp(deps).fetch, 0, "127.0.0.1", resolve, limits);
  });
  const connections = () => new Promise<number>((resolve) => server?.getConnections((_error, count) => resolve(count)));
  return { baseUrl: `http://127.0.0.1:${address.port}`, port: address.port, connections, close: () => server?.close() };
}

/** Creates a credential straight through the domain, as a test's setup step. */
export function seedCredential(deps: AppDeps, input: { username: string; scopes: Scope[]; allowedIps: string[]; rateLimit?: number }) {
  return createCredential(
    { repos: deps.store.repos, now: deps.clock(), actor: { id: null, name: "test", ip: "local" }, changed: deps.credentialChanged },
    {
      username: input.username,
      status: "enabled",
      scopes: input.scopes,
      expiresAt: null,
      rateLimit: input.rateLimit ?? null,
      allowedIps: input.allowedIps.map((entry) => ({ entry, note: "" })),
    },
  );
}

/** The same key with its last character changed: well-formed length and prefix, wrong checksum. */
export const wrongKey = (key: string) => `${key.slice(0, -1)}${key.endsWith("x") ? "y" : "x"}`;
