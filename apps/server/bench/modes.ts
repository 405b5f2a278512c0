/**
 * `pnpm --filter @gatehouse/server bench:modes`: only the side-by-side of the two modes (SQLite,
 * and PostgreSQL + Redis) that `pnpm bench` ends with, on the compiled server. Needs
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) and BENCH_REDIS_URL (or TEST_REDIS_URL).
 */
import { wrkAvailable } from "./load.ts";
import { compareModes } from "./postgres-mode.ts";
import { startBareHono } from "./server.ts";

const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
if (!databaseUrl || !redisUrl) throw new Error("Set BENCH_DATABASE_URL and BENCH_REDIS_URL");
const bare = await startBareHono();
const generator = (await wrkAvailable()) ? "wrk" : "autocannon";
const modes = await compareModes({
  databaseUrl,
  redisUrl,
  bare,
  generator,
  amount: Number(process.env.BENCH_REQUESTS ?? 60_000),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
});
await bare.stop();
process.stdout.write(`\n${JSON.stringify({ generator, modes }, null, 2)}\n`);
