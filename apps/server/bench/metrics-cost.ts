import { load } from "./load.ts";
import type { startServer } from "./server.ts";

type Server = Awaited<ReturnType<typeof startServer>>;

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * What METRICS_TOKEN costs the Bearer path, head to head: two twin servers on one database,
 * identical but for METRICS_TOKEN, loaded in turn (the order swapped every pair, so neither
 * always runs second). Throughput swings with whatever else the machine runs, so the figure to
 * trust is the server's own CPU time per request (from /proc), which noise moves far less;
 * both are medians of the pairs' on/off ratios.
 */
export async function metricsCost(off: Server, on: Server, path: string, options: Parameters<typeof load>[1], generator: "wrk" | "autocannon", pairs = 7) {
  const run = async (server: Server) => {
    const cpuBefore = server.cpuMs();
    const figure = await load(`${server.baseUrl}${path}`, options, generator);
    return { rps: figure.rps, cpuUsPerRequest: ((server.cpuMs() - cpuBefore) * 1000) / Math.max(figure.requests, 1) };
  };
  const results: { off: Awaited<ReturnType<typeof run>>; on: Awaited<ReturnType<typeof run>> }[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    const first = pair % 2 === 0 ? off : on;
    const a = await run(first);
    const b = await run(first === off ? on : off);
    const result = first === off ? { off: a, on: b } : { off: b, on: a };
    results.push(result);
    process.stdout.write(
      `metrics A/B ${pair + 1}: off ${result.off.rps} req/s ${result.off.cpuUsPerRequest.toFixed(1)} µs CPU/request, ` +
        `on ${result.on.rps} req/s ${result.on.cpuUsPerRequest.toFixed(1)} µs CPU/request\n`,
    );
  }
  return {
    pairs: results.map(({ off: o, on: n }) => ({ off: o.rps, on: n.rps, offCpuUs: round3(o.cpuUsPerRequest), onCpuUs: round3(n.cpuUsPerRequest) })),
    throughputOnOffMedian: round3(median(results.map((result) => result.on.rps / result.off.rps))),
    cpuPerRequestOnOffMedian: round3(median(results.map((result) => result.on.cpuUsPerRequest / result.off.cpuUsPerRequest))),
  };
}
