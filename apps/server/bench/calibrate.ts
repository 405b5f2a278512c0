/**
 * `pnpm --filter @gatehouse/server bench:calibrate [µs,µs,…] [rounds]`: what a ratio to bare Hono
 * means in work on this machine. Starts the bare app and, beside it, the same app that spins a
 * fixed number of microseconds per request before answering (EXTRA_WORK_US), and loads them in
 * turn with wrk as `pnpm bench` does. The answer is not linear: with 64 connections and one wrk
 * thread on two cores, a server a little slower than wrk leaves wrk asleep between answers, and
 * every answer then also pays the kernel's wake-up of wrk. README "Performance" has a run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { load, wrkAvailable } from "./load.ts";
import { benchPort, startProcess } from "./server.ts";

const extras = (process.argv[2] ?? "0,1,2,3,4,6,8").split(",").map(Number);
const rounds = Number(process.argv[3] ?? 3);
const generator = (await wrkAvailable()) ? "wrk" : "autocannon";
const amount = 40_000;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const startBare = (port: number, extraUs: number) =>
  startProcess(["--import", "tsx", "bench/bare-hono.ts"], port, "/", extraUs > 0 ? { EXTRA_WORK_US: String(extraUs) } : {});

const rows: { extraUs: number; ratio: number; cpuRatio: number; bareCpuUs: number; cpuUs: number; ratios: number[] }[] = [];
for (const extraUs of extras) {
  // A fresh pair for each step: a long-running bare app drifted to a dearer CPU per request.
  const [bare, slower] = [await startBare(benchPort(0), 0), await startBare(benchPort(1), extraUs)];
  const measured = { ratios: [] as number[], cpuRatios: [] as number[], bareCpuUs: [] as number[], cpuUs: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    let cpu = bare.cpuMs();
    const baseline = await load(`${bare.baseUrl}/`, { amount }, generator);
    const bareUs = ((bare.cpuMs() - cpu) * 1000) / baseline.requests;
    cpu = slower.cpuMs();
    const figure = await load(`${slower.baseUrl}/`, { amount }, generator);
    const slowerUs = ((slower.cpuMs() - cpu) * 1000) / figure.requests;
    measured.ratios.push(figure.rps / baseline.rps);
    measured.cpuRatios.push(bareUs / slowerUs);
    measured.bareCpuUs.push(bareUs);
    measured.cpuUs.push(slowerUs);
  }
  await Promise.all([bare.stop(), slower.stop()]);
  const row = {
    extraUs,
    ratio: median(measured.ratios),
    cpuRatio: median(measured.cpuRatios),
    bareCpuUs: median(measured.bareCpuUs),
    cpuUs: median(measured.cpuUs),
    ratios: measured.ratios,
  };
  rows.push(row);
  process.stdout.write(
    `+${extraUs} µs of work: ${row.ratio.toFixed(2)}x bare (rounds ${row.ratios.map((ratio) => ratio.toFixed(2)).join(", ")}), ` +
      `CPU per request ${row.cpuUs.toFixed(1)} µs against bare's ${row.bareCpuUs.toFixed(1)} (${row.cpuRatio.toFixed(2)}x) (${generator})\n`,
  );
}
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/calibrate.json", JSON.stringify({ generator, rounds, rows }, null, 2));
