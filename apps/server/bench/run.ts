/**
 * `pnpm bench`: builds, starts the production server on a throwaway database with 10,000
 * credentials and 1,000,000 history rows, and measures it over loopback with wrk (autocannon
 * when wrk is not installed; 64 connections) against a bare Hono app started beside it (the
 * cost of HTTP itself). Then checks that history counted a fixed number of calls exactly, and
 * reports startup time and memory. Prints a table and writes bench-results/bench.json.
 * See README "Performance".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { webDist } from "../src/routes/spa.ts";
import { load, type LoadFigure, wrkAvailable } from "./load.ts";
import { measureHistory, historyMarks, sqliteRows } from "./history-figures.ts";
import { metricsCost } from "./metrics-cost.ts";
import { compareModes } from "./postgres-mode.ts";
import { prepareDatabase } from "./prepare.ts";
import { benchPort, startBareHono, startServer } from "./server.ts";
import { initialJsGzipBytes, timeToFirstList } from "./spa.ts";
import { keyCheckTiming } from "./timing.ts";
import { signRequest } from "../../inventory-sync/src/sign.ts";

const AMOUNT = Number(process.env.BENCH_REQUESTS ?? 60_000);
const IDLE_SETTLES_MS = 10_000;
const folder = mkdtempSync(join(tmpdir(), "gatehouse-bench-"));
const databasePath = join(folder, "bench.sqlite");

process.stdout.write("Seeding 10,000 credentials and 1,000,000 history rows…\n");
const { key, username, admin, signed } = await prepareDatabase(databasePath);
const server = await startServer(databasePath);
const readyAt = performance.now();
const rssAtReadyMb = server.rssMb();
const bare = await startBareHono();
// Twin servers on the same database, one with GET /metrics on: the Bearer rows and what
// counting costs the hot path (target: within 3%). See metrics-cost.ts.
const METRICS_TOKEN = "bench-metrics-token-0123456789";
const withMetrics = await startServer(databasePath, benchPort(2), { METRICS_TOKEN });
const withoutMetrics = await startServer(databasePath, benchPort(3));
// Idle: 8 s after start, V8's memory reducer gives back what startup grew (the young generation
// among it) and RSS settles, for as long as nothing calls. Read once it has; the server is not
// called before.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, readyAt + IDLE_SETTLES_MS - performance.now())));
const rssIdleMb = server.rssMb();
const generator = (await wrkAvailable()) ? "wrk" : "autocannon";
process.stdout.write(`Load generator: ${generator}\n`);
const base = server.baseUrl;

const json = { "Content-Type": "application/json" };
const loginBody = JSON.stringify({ username, key });
const basic = { Authorization: `Basic ${Buffer.from(`${username}:${key}`).toString("base64")}` };
const token = ((await (await fetch(`${base}/api/v1/login`, { method: "POST", headers: json, body: loginBody })).json()) as { token: string }).token;
const bearer = { Authorization: `Bearer ${token}` };
// Signed Bearer calls: each request signed afresh (its own nonce) before the run, sent once.
const signedBearer = async ({ username: name, key: signedKey, signing }: (typeof signed)["ed25519" | "hmac"]) => {
  const login = await fetch(`${base}/api/v1/login`, { method: "POST", headers: json, body: JSON.stringify({ username: name, key: signedKey }) });
  const authorization = `Bearer ${((await login.json()) as { token: string }).token}`;
  const url = `${base}/api/v1/session`;
  return {
    // wrk runs amount / 10,000 seconds: enough fresh requests for 25,000 req/s over that time.
    count: (amount: number) => Math.ceil(amount * 2.5),
    make: () => ({ Authorization: authorization, ...signRequest({ keyid: name, ...signing }, "GET", url, null) }),
  };
};
const signedEd25519 = await signedBearer(signed.ed25519);
const signedHmac = await signedBearer(signed.hmac);
// The other server reads the token from the database, where it is written within 200 ms.
await new Promise((resolve) => setTimeout(resolve, 300));

// Admin session for the admin-side figures; its history reads also flush the recorder.
const signIn = await fetch(`${base}/api/admin/session`, { method: "POST", headers: { ...json, Origin: base }, body: JSON.stringify(admin) });
const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
const adminCall = (method: string, path: string) => fetch(`${base}${path}`, { method, headers: { Cookie: cookie } });
const recorded = () => {
  const db = new Database(databasePath, { readonly: true });
  const row = db
    .prepare("select coalesce(sum(count), 0) as n from api_history where credential_id = (select id from credentials where username = ?)")
    .get(username) as { n: number };
  db.close();
  return row.n;
};

const scenarios: [string, string, Parameters<typeof load>[1]][] = [
  ["baseline: bare Hono, GET / (no middleware)", `${bare.baseUrl}/`, { amount: AMOUNT }],
  ["GET /healthz (no auth)", "/healthz", { amount: AMOUNT }],
  ["POST /api/v1/login", "/api/v1/login", { amount: AMOUNT / 2, method: "POST", headers: json, body: loginBody }],
  // The twins: identical but for METRICS_TOKEN, and loaded alike from here on (a first run had the
  // metrics one used more, and it came out 9% cheaper a request: warm-up, not metrics).
  ["GET /api/v1/session (Bearer)", `${withoutMetrics.baseUrl}/api/v1/session`, { amount: AMOUNT, headers: bearer }],
  ["GET /api/v1/session (Bearer, metrics on)", `${withMetrics.baseUrl}/api/v1/session`, { amount: AMOUNT, headers: bearer }],
  ["GET /api/v1/session (Basic)", "/api/v1/session", { amount: AMOUNT, headers: basic }],
  ["GET /api/v1/session (Bearer, signed ed25519)", "/api/v1/session", { amount: AMOUNT, perRequest: signedEd25519 }],
  ["GET /api/v1/session (Bearer, signed hmac-sha256)", "/api/v1/session", { amount: AMOUNT, perRequest: signedHmac }],
  ["GET /api/v1/products (Bearer)", "/api/v1/products", { amount: AMOUNT, headers: bearer }],
];
// BENCH_ONLY=signed (a regular expression on the names) measures some routes only, with the baseline.
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, "i") : null;
if (only) scenarios.splice(1, scenarios.length, ...scenarios.slice(1).filter(([name]) => only.test(name)));
// A short warm-up of each route first, so the JIT has seen every path.
const urlOf = (path: string) => (path.startsWith("http") ? path : `${base}${path}`);
for (const [, path, options] of scenarios) await load(urlOf(path), { ...options, amount: 2000 });
// Three rounds; in each, every route runs right after a baseline run, and its ratio is taken
// against that neighbour, so a noisy moment on a shared two-core machine hits both alike.
// Figures are medians over the rounds.
const ROUNDS = 3;
const [baselineScenario, ...routes] = scenarios;
if (!baselineScenario) throw new Error("no baseline");
// Beside throughput, each process's CPU time per request (from /proc): when other work takes the
// cores at moments, throughput swings with it, CPU per request much less.
const processes = [bare, server, withMetrics, withoutMetrics];
const measured = async (url: string, options: Parameters<typeof load>[1]) => {
  const owner = processes.find((candidate) => url.startsWith(`${candidate.baseUrl}/`));
  if (!owner) throw new Error(`no bench process serves ${url}`);
  const cpuBefore = owner.cpuMs();
  const figure = await load(url, options, generator);
  return { ...figure, cpuUs: ((owner.cpuMs() - cpuBefore) * 1000) / Math.max(figure.requests, 1) };
};
const rounds = new Map<string, (LoadFigure & { ratio: number; cpuUs: number; cpuRatio: number })[]>();
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const [name, path, options] of routes) {
    const baseline = await measured(urlOf(baselineScenario[1]), baselineScenario[2]);
    const figure = await measured(urlOf(path), options);
    rounds.set(baselineScenario[0], [...(rounds.get(baselineScenario[0]) ?? []), { ...baseline, ratio: 1, cpuRatio: 1 }]);
    rounds.set(name, [...(rounds.get(name) ?? []), { ...figure, ratio: figure.rps / baseline.rps, cpuRatio: baseline.cpuUs / figure.cpuUs }]);
    process.stdout.write(
      `round ${round}: baseline ${baseline.rps} req/s, ${baseline.cpuUs.toFixed(1)} µs CPU, p99 ${baseline.p99} ms; ${name}: ${figure.rps} req/s (${(figure.rps / baseline.rps).toFixed(2)}x), ` +
        `${figure.cpuUs.toFixed(1)} µs CPU (${(baseline.cpuUs / figure.cpuUs).toFixed(2)}x), p50 ${figure.p50} ms, p99 ${figure.p99} ms\n`,
    );
  }
}
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const figures = Object.fromEntries(
  [...rounds].map(([name, list]) => [
    name,
    {
      rps: median(list.map((figure) => figure.rps)),
      p50: median(list.map((figure) => figure.p50)),
      p99: median(list.map((figure) => figure.p99)),
      ratio: Math.round(median(list.map((figure) => figure.ratio)) * 100) / 100,
      cpuUsPerRequest: Math.round(median(list.map((figure) => figure.cpuUs)) * 10) / 10,
      cpuRatio: Math.round(median(list.map((figure) => figure.cpuRatio)) * 100) / 100,
      requests: list.reduce((sum, figure) => sum + figure.requests, 0),
      non2xx: list.reduce((sum, figure) => sum + figure.non2xx, 0),
      errors: list.reduce((sum, figure) => sum + figure.errors, 0),
    },
  ]),
);
const rssMb = server.rssMb();

const scrape = () => fetch(`${withMetrics.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
const metricsFigures = {
  ...(await metricsCost(withoutMetrics, withMetrics, "/api/v1/session", { amount: AMOUNT, headers: bearer }, generator)),
  scrapeMedianMs: await timed(scrape),
  scrapeBytes: (await (await scrape()).arrayBuffer()).byteLength,
};
// Stopped (and its history written) before the history check counts rows.
await withMetrics.stop();
await withoutMetrics.stop();

// History under load: a fixed number of calls (autocannon stops after exactly that many
// answers), counted from a flushed starting point. In-flight calls of the last run land first.
await new Promise((resolve) => setTimeout(resolve, 300));
await adminCall("GET", "/api/admin/history?limit=1");
const recordedBefore = recorded();
const historyCalls = [
  await load(`${base}/api/v1/session`, { amount: AMOUNT / 2, headers: bearer }),
  await load(`${base}/api/v1/session`, { amount: AMOUNT / 4, headers: basic }),
  await load(`${base}/api/v1/login`, { amount: AMOUNT / 4, method: "POST", headers: json, body: loginBody }),
];

const admin10k = {
  "APIs list, first page": await timed(() => adminCall("GET", "/api/admin/credentials")),
  "APIs list, search": await timed(() => adminCall("GET", "/api/admin/credentials?search=seed-99")),
  "APIs list, page 300 by last use": await timed(() => adminCall("GET", "/api/admin/credentials?sort=lastUsedAt&order=desc&page=300")),
};
const firstCredential = new Database(databasePath, { readonly: true }).prepare("select id from credentials where username = 'seed-0'").get() as { id: string };
const history = await measureHistory(
  adminCall,
  await historyMarks(sqliteRows(new Database(databasePath, { readonly: true })), firstCredential.id),
  firstCredential.id,
);
const spa = initialJsGzipBytes(webDist);
const keyCheck = await keyCheckTiming();
const firstListMs = await timeToFirstList(base, admin.username, admin.password);

await server.stop();
// Both modes side by side (issue 14): SQLite, and PostgreSQL + Redis, when both are at hand.
const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
const modes =
  databaseUrl && redisUrl
    ? await compareModes({ databaseUrl, redisUrl, bare, generator, amount: AMOUNT, rounds: 5 })
    : "not measured: set BENCH_DATABASE_URL (a PostgreSQL server where a database may be created) and BENCH_REDIS_URL";
await bare.stop();
const sent = historyCalls.reduce((sum, figure) => sum + figure.requests, 0);
const historyDelta = recorded() - recordedBefore;

const results = {
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  generator,
  startup: { readyMs: server.readyMs, rssAtReadyMb, rssIdleMb },
  load: figures,
  metrics: metricsFigures,
  historyCheck: { requestsSent: sent, callsRecorded: historyDelta, exact: sent === historyDelta },
  serverRssMbAfterLoad: rssMb,
  adminQueriesMedianMs: admin10k,
  historyQueries: history,
  keyCheckTiming: keyCheck,
  modes,
  spa: { initialJsGzipKb: Math.round(spa.bytes / 102.4) / 10, files: spa.files, timeToFirstListMs: firstListMs },
};
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/bench.json", JSON.stringify(results, null, 2));
process.stdout.write(`\n${JSON.stringify(results, null, 2)}\n\nWritten to ${join(process.cwd(), "bench-results/bench.json")}\n`);
rmSync(folder, { recursive: true, force: true });
if (!results.historyCheck.exact) process.exitCode = 1;

async function timed(request: () => Promise<Response>, runs = 9) {
  const timings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await (await request()).arrayBuffer();
    timings.push(performance.now() - started);
  }
  return Math.round((timings.toSorted((a, b) => a - b)[Math.floor(runs / 2)] ?? 0) * 10) / 10;
}
