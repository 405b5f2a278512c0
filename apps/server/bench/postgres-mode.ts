import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import postgres from "postgres";
import { copyToPostgres } from "../src/db/pg/copy.ts";
import { load } from "./load.ts";
import { benchPort, processCpuMs, startServer } from "./server.ts";
import { hotRoutes, prepareSmallDatabase } from "./small-database.ts";

type Generator = "wrk" | "autocannon";
type Started = Awaited<ReturnType<typeof startServer>>;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * The Bearer, Basic and login figures in both modes, side by side: one instance on SQLite, and
 * one on PostgreSQL + Redis (the same small database, copied with `db copy`). In each of five
 * rounds every route runs on both, in alternating order, each right after a bare Hono run and
 * divided by it. Target: PostgreSQL within 10% of SQLite for Bearer on a key without a rate
 * limit — the cache keeps the database off that path, so only the stack's cost should show.
 */
export async function compareModes(options: { databaseUrl: string; redisUrl: string; bare: Started; generator: Generator; amount: number; rounds: number }) {
  const small = await prepareSmallDatabase("gatehouse-modes-");
  const copy = await copyToNewPostgres(small.databasePath, options.databaseUrl);
  try {
    const onSqlite = await startServer(small.databasePath, benchPort(4));
    const onPostgres = await startServer(small.databasePath, benchPort(5), { DATABASE_URL: copy.url, REDIS_URL: options.redisUrl });
    const servers = { sqlite: onSqlite, postgres: onPostgres };
    const figures: Record<string, Record<"sqlite" | "postgres", { ratio: number[]; cpuRatio: number[]; p99: number[] }>> = {};
    // CPU time per request of the server process (and of bare Hono's), as in the main bench: the
    // database and Redis servers share these two cores, so throughput swings with their work.
    const measured = async (server: Started, url: string, route: Parameters<typeof load>[1]) => {
      const before = server.cpuMs();
      const figure = await load(url, route, options.generator);
      return { ...figure, cpuUs: ((server.cpuMs() - before) * 1000) / Math.max(figure.requests, 1) };
    };
    const routes = {
      sqlite: await hotRoutes(onSqlite.baseUrl, small.username, small.key, options.amount),
      postgres: await hotRoutes(onPostgres.baseUrl, small.username, small.key, options.amount),
    };
    for (const mode of ["sqlite", "postgres"] as const)
      for (const route of ["bearer", "basic", "login"] as const)
        await load(`${servers[mode].baseUrl}${routes[mode][route].path}`, { ...routes[mode][route], amount: 2000 });
    // Route by route, logins last: each login round left 60,000 live tokens in both servers' heaps,
    // and PostgreSQL vacuuming their rows on the cores the servers share; Bearer rounds between
    // them cost both modes more (PostgreSQL's 0.80 of SQLite's, against 0.96 without logins).
    for (const route of ["bearer", "basic", "login"] as const) {
      for (let round = 1; round <= options.rounds; round += 1) {
        // Which goes first alternates by round: the one loaded second meets the first one's history flush.
        for (const mode of round % 2 === 1 ? (["sqlite", "postgres"] as const) : (["postgres", "sqlite"] as const)) {
          const baseline = await measured(options.bare, `${options.bare.baseUrl}/`, { amount: options.amount });
          const figure = await measured(servers[mode], `${servers[mode].baseUrl}${routes[mode][route].path}`, routes[mode][route]);
          if (figure.non2xx > 0 || figure.errors > 0) throw new Error(`${route} on ${mode}: ${figure.non2xx} non-2xx, ${figure.errors} errors`);
          const entry = (figures[route] ??= { sqlite: { ratio: [], cpuRatio: [], p99: [] }, postgres: { ratio: [], cpuRatio: [], p99: [] } })[mode];
          entry.ratio.push(figure.rps / baseline.rps);
          entry.cpuRatio.push(baseline.cpuUs / figure.cpuUs);
          entry.p99.push(figure.p99);
          process.stdout.write(
            `modes round ${round}: ${route} on ${mode}: ${figure.rps} req/s, ${(figure.rps / baseline.rps).toFixed(2)}x of bare, ` +
              `${figure.cpuUs.toFixed(1)} µs CPU (${(baseline.cpuUs / figure.cpuUs).toFixed(2)}x of bare's), p99 ${figure.p99} ms\n`,
          );
        }
      }
    }
    await Promise.all([onSqlite.stop(), onPostgres.stop()]);
    return Object.fromEntries(
      Object.entries(figures).map(([route, modes]) => {
        const summary = (mode: "sqlite" | "postgres") => ({
          ratio: round2(median(modes[mode].ratio)),
          cpuRatio: round2(median(modes[mode].cpuRatio)),
          p99: median(modes[mode].p99),
        });
        // Per round, the two runs' ratios side by side; the median of those pairs moves less than
        // the ratio of the two medians when the machine's other work comes and goes.
        const pairs = (of: "ratio" | "cpuRatio") => round2(median(modes.postgres[of].map((ratio, round) => ratio / (modes.sqlite[of][round] ?? ratio))));
        return [
          route,
          { sqlite: summary("sqlite"), postgres: summary("postgres"), postgresOverSqlite: pairs("ratio"), postgresOverSqliteCpu: pairs("cpuRatio") },
        ];
      }),
    );
  } finally {
    await copy.drop();
  }
}

/** A new database on `serverUrl`'s PostgreSQL holding a copy of the SQLite file (`db copy`); `drop()` removes it. */
export async function copyToNewPostgres(sqlitePath: string, serverUrl: string) {
  const name = `gatehouse_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sqlite = new Database(sqlitePath, { readonly: true });
  await copyToPostgres(sqlite, url.toString());
  sqlite.close();
  return {
    url: url.toString(),
    /**
     * CPU time, in ms, that the backends now serving this database have used (from /proc: a
     * PostgreSQL on this machine). The pools keep their connections, so the difference across
     * a run is the database's share of the work.
     */
    backendsCpuMs: async () => {
      const backends = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`;
      return backends.reduce((sum, { pid }) => sum + processCpuMs(pid), 0);
    },
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
