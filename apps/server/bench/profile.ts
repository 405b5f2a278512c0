/**
 * `pnpm --filter @gatehouse/server bench:profile [healthz|bearer|basic|login|bare] [requests]`:
 * runs the compiled server under `--cpu-prof`, loads one route with autocannon, and prints the
 * functions that took the most CPU time (self and with callees). `bare` profiles the bare Hono
 * app instead, the same way: what HTTP itself costs, function by function. The .cpuprofile is kept for a
 * flame graph (open it in Chrome DevTools → Performance, or speedscope.app). README "Performance".
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "./load.ts";
import { benchPort, startBareHono, startProcess } from "./server.ts";
import { copyToNewPostgres } from "./postgres-mode.ts";
import { hotRoutes, prepareSmallDatabase } from "./small-database.ts";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const scenario = process.argv[2] ?? "bearer";
const amount = Number(process.argv[3] ?? 100_000);
const { folder, databasePath, username, key } = await prepareSmallDatabase("gatehouse-profile-");
// BENCH_DATABASE_URL and BENCH_REDIS_URL profile the PostgreSQL + Redis mode (a copy of the same database).
const { BENCH_DATABASE_URL: databaseUrl, BENCH_REDIS_URL: redisUrl } = process.env;
const copy = databaseUrl && redisUrl ? await copyToNewPostgres(databasePath, databaseUrl) : null;

const profiling = ["--cpu-prof", `--cpu-prof-dir=${folder}`];
const server =
  scenario === "bare"
    ? await startProcess([...profiling, "--import", "tsx", "bench/bare-hono.ts"], benchPort(2), "/", {})
    : await startProcess([...profiling, "dist/main.js"], benchPort(2), "/healthz", {
        DATABASE_PATH: databasePath,
        ...(copy ? { DATABASE_URL: copy.url, REDIS_URL: redisUrl } : {}),
        ADMIN_PASSWORD: "unused-profile-password",
        // METRICS_TOKEN=… profiles the server with GET /metrics on.
        ...(process.env.METRICS_TOKEN ? { METRICS_TOKEN: process.env.METRICS_TOKEN } : {}),
      });
const scenarios: Record<string, Parameters<typeof load>[1] & { path: string }> =
  scenario === "bare" ? { bare: { path: "/", amount } } : await hotRoutes(server.baseUrl, username, key, amount);
const chosen = scenarios[scenario];
if (!chosen) throw new Error(`Unknown scenario ${scenario}: pick one of ${Object.keys(scenarios).join(", ")}`);
// The bare Hono app right before and after, as in `pnpm bench`: the ratio is what to compare.
const bare = await startBareHono();
const before = await load(`${bare.baseUrl}/`, { amount });
const figure = await load(`${server.baseUrl}${chosen.path}`, chosen);
const after = await load(`${bare.baseUrl}/`, { amount });
await Promise.all([server.stop(), bare.stop()]);
await copy?.drop();
const ratio = figure.rps / ((before.rps + after.rps) / 2);

const file = readdirSync(folder).find((name) => name.endsWith(".cpuprofile"));
if (!file) throw new Error("the server wrote no profile");
const profile = JSON.parse(readFileSync(join(folder, file), "utf8")) as Profile;
process.stdout.write(
  `${scenario}: ${figure.rps} req/s (${ratio.toFixed(2)}x bare Hono at ${before.rps}/${after.rps}, profiler on), p99 ${figure.p99} ms\n${summarise(profile, figure.requests)}\nProfile: ${join(folder, file)}\n`,
);

function frameName(node: Node) {
  return `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").slice(-2).join("/")}:${node.callFrame.lineNumber + 1}`;
}

/**
 * Self and total time per function, top 30 by self time, as shares of the busy (non-idle) time
 * and as µs per request of the load (the login and warm-up before it are a rounding error).
 */
function summarise({ nodes, samples, timeDeltas }: Profile, requests: number) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === "(idle)") return;
    busy += delta;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const label = frameName(byId.get(at) as Node);
      if (seen.has(label)) continue;
      seen.add(label);
      total.set(label, (total.get(label) ?? 0) + delta);
    }
  });
  const share = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)}% ${(micros / requests).toFixed(2).padStart(6)} µs`;
  const header = `busy ${(busy / requests).toFixed(1)} µs a request; self and total as share of busy time and µs a request:\n`;
  return (
    header +
    [...self]
      .toSorted((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([label, micros]) => `${share(micros)} self ${share(total.get(label) ?? 0)} total  ${label}`)
      .join("\n")
  );
}
