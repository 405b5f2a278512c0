/**
 * `pnpm --filter @gatehouse/server bench:quick [healthz,bearer,basic,login] [rounds]`: the A/B
 * check for one change, in about half a minute a route. Starts the compiled server on a small
 * database and the bare Hono app beside it, then loads them in turn with wrk (5 s each, 64
 * connections), the route right after the bare app in every round, and prints each round's
 * ratio and the median. Beside it, the ratio of CPU time per request (bare's over the route's,
 * from /proc): on a machine where other work takes the cores at moments, it moves less than
 * throughput does. `pnpm bench` is the full measure; this is for the steps between.
 */
import { rmSync } from "node:fs";
import { load, wrkAvailable } from "./load.ts";
import { benchPort, startBareHono, startServer } from "./server.ts";
import { hotRoutes, prepareSmallDatabase } from "./small-database.ts";

const chosen = (process.argv[2] ?? "healthz,bearer,basic,login").split(",");
const rounds = Number(process.argv[3] ?? 3);
// wrk runs amount / 10,000 seconds.
const amount = 50_000;

const generator = (await wrkAvailable()) ? "wrk" : "autocannon";
const { folder, databasePath, username, key } = await prepareSmallDatabase("gatehouse-quick-");
const server = await startServer(databasePath, benchPort(0));
const bare = await startBareHono();
const routes = await hotRoutes(server.baseUrl, username, key, amount);
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

for (const name of chosen) {
  const route = routes[name as keyof typeof routes];
  if (!route) throw new Error(`Unknown route ${name}: pick from ${Object.keys(routes).join(", ")}`);
  // A short warm-up, so the JIT has seen the path before it is measured.
  await load(`${server.baseUrl}${route.path}`, { ...route, amount: 2000 });
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const p99s: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    let cpu = bare.cpuMs();
    const baseline = await load(`${bare.baseUrl}/`, { amount }, generator);
    const bareUs = ((bare.cpuMs() - cpu) * 1000) / baseline.requests;
    cpu = server.cpuMs();
    const figure = await load(`${server.baseUrl}${route.path}`, route, generator);
    const routeUs = ((server.cpuMs() - cpu) * 1000) / figure.requests;
    if (figure.non2xx > 0 || figure.errors > 0) throw new Error(`${name}: ${figure.non2xx} non-2xx answers, ${figure.errors} errors`);
    ratios.push(figure.rps / baseline.rps);
    cpuRatios.push(bareUs / routeUs);
    p99s.push(figure.p99);
    process.stdout.write(
      `${name} round ${round}: bare ${baseline.rps} req/s ${bareUs.toFixed(1)} µs CPU, route ${figure.rps} req/s ${routeUs.toFixed(1)} µs CPU ` +
        `(${(figure.rps / baseline.rps).toFixed(2)}x, CPU ${(bareUs / routeUs).toFixed(2)}x), p99 ${figure.p99} ms\n`,
    );
  }
  process.stdout.write(
    `${name}: median ${median(ratios).toFixed(2)}x, CPU per request ${median(cpuRatios).toFixed(2)}x, p99 ${median(p99s)} ms (${generator})\n`,
  );
}
await Promise.all([server.stop(), bare.stop()]);
rmSync(folder, { recursive: true, force: true });
