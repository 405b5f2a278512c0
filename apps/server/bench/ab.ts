/**
 * `pnpm --filter @gatehouse/server bench:ab <build A> <build B> [bearer,healthz,…] [rounds]`: is
 * build B cheaper than build A? Each build is a copy of `dist/` (e.g. `cp -r dist
 * node_modules/.ab/a`, kept under this package so `main.js` finds its dependencies). Both run
 * at once, each on a small database of its own (two servers on one SQLite file empty each
 * other's caches at every write), and are loaded in turn with wrk, the order swapped every round,
 * so a noisy moment on the machine hits both alike. Prints the medians of each build's CPU time
 * per request (from /proc) and of the per-round ratios B/A. Two copies of one build differ by
 * up to about ±5% this way on the 2-core machine: a change smaller than that does not show.
 * With BENCH_DATABASE_URL and BENCH_REDIS_URL set, each build runs on a PostgreSQL copy of its
 * database instead, with Redis, and its CPU time includes that database's backends (a
 * PostgreSQL on this machine): what a change saves or costs the database shows too.
 */
import { rmSync } from "node:fs";
import { join, relative } from "node:path";
import { load, wrkAvailable } from "./load.ts";
import { benchPort, startProcess } from "./server.ts";
import { copyToNewPostgres } from "./postgres-mode.ts";
import { hotRoutes, prepareSmallDatabase } from "./small-database.ts";

const [buildA, buildB] = process.argv.slice(2, 4);
if (!buildA || !buildB) throw new Error("usage: bench:ab <build A> <build B> [routes] [rounds]");
const chosen = (process.argv[4] ?? "bearer").split(",");
const rounds = Number(process.argv[5] ?? 6);
const amount = 40_000;
const generator = (await wrkAvailable()) ? "wrk" : "autocannon";
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const { BENCH_DATABASE_URL: databaseUrl, BENCH_REDIS_URL: redisUrl } = process.env;

const serverDir = join(import.meta.dirname, "..");
const start = async (build: string, port: number) => {
  const database = await prepareSmallDatabase("gatehouse-ab-");
  const copy = databaseUrl && redisUrl ? await copyToNewPostgres(database.databasePath, databaseUrl) : null;
  const server = await startProcess([join(relative(serverDir, build), "main.js")], port, "/healthz", {
    DATABASE_PATH: database.databasePath,
    ADMIN_PASSWORD: "unused-bench-password",
    ...(copy && redisUrl ? { DATABASE_URL: copy.url, REDIS_URL: redisUrl } : {}),
  });
  const cpuMs = async () => server.cpuMs() + ((await copy?.backendsCpuMs()) ?? 0);
  return { server, cpuMs, copy, folder: database.folder, routes: await hotRoutes(server.baseUrl, database.username, database.key, amount) };
};
const builds = { A: await start(buildA, benchPort(0)), B: await start(buildB, benchPort(1)) };

for (const name of chosen) {
  const measured = { A: [] as number[], B: [] as number[], ratios: [] as number[] };
  const run = async (which: "A" | "B") => {
    const { server, cpuMs, routes } = builds[which];
    const route = routes[name as keyof typeof routes];
    if (!route) throw new Error(`Unknown route ${name}: pick from ${Object.keys(routes).join(", ")}`);
    const cpu = await cpuMs();
    const figure = await load(`${server.baseUrl}${route.path}`, route, generator);
    if (figure.non2xx > 0 || figure.errors > 0) throw new Error(`${which} ${name}: ${figure.non2xx} non-2xx answers, ${figure.errors} errors`);
    return (((await cpuMs()) - cpu) * 1000) / figure.requests;
  };
  await run("A");
  await run("B");
  for (let round = 0; round < rounds; round += 1) {
    const order: ("A" | "B")[] = round % 2 === 0 ? ["A", "B"] : ["B", "A"];
    const us = { A: 0, B: 0 };
    for (const which of order) us[which] = await run(which);
    measured.A.push(us.A);
    measured.B.push(us.B);
    measured.ratios.push(us.B / us.A);
    process.stdout.write(`${name} round ${round + 1}: A ${us.A.toFixed(1)} µs, B ${us.B.toFixed(1)} µs a request (B/A ${(us.B / us.A).toFixed(3)})\n`);
  }
  process.stdout.write(
    `${name}: A ${median(measured.A).toFixed(1)} µs, B ${median(measured.B).toFixed(1)} µs of CPU a request; ` +
      `B/A median ${median(measured.ratios).toFixed(3)} (rounds ${measured.ratios.map((ratio) => ratio.toFixed(2)).join(", ")}) (${generator})\n`,
  );
}
for (const { server, copy, folder } of Object.values(builds)) {
  await server.stop();
  await copy?.drop();
  rmSync(folder, { recursive: true, force: true });
}
