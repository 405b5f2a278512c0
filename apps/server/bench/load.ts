import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

export type LoadFigure = { generator: "wrk" | "autocannon"; requests: number; rps: number; p50: number; p99: number; non2xx: number; errors: number };
export type LoadOptions = {
  amount: number;
  connections?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /**
   * Headers made afresh for each request (signed calls: every one needs its own nonce), `count`
   * sets made just before the run: wrk reads them from a file at start and sends each once in turn.
   */
  perRequest?: { count: (amount: number) => number; make: () => Record<string, string> };
};

const run = promisify(execFile);

/** wrk when it is installed (and BENCH_GENERATOR is not "autocannon"): written in C, it leaves more of the two cores to the server. */
export const wrkAvailable = async () => {
  if (process.env.BENCH_GENERATOR === "autocannon") return false;
  try {
    await run("wrk", ["--version"]);
    return true;
  } catch (error) {
    // wrk prints its version and exits 1.
    return typeof (error as { stdout?: unknown }).stdout === "string" && (error as { stdout: string }).stdout.startsWith("wrk");
  }
};

/**
 * Loads `url` with 64 connections. With wrk, for a duration about as long as `amount` requests
 * take at 10,000 req/s (wrk cannot stop after a count); with autocannon, for exactly `amount`
 * requests, so every request it counts was answered.
 */
export async function load(url: string, options: LoadOptions, generator: "wrk" | "autocannon" = "autocannon"): Promise<LoadFigure> {
  return generator === "wrk" ? loadWithWrk(url, options) : loadWithAutocannon(url, options);
}

async function loadWithAutocannon(url: string, options: LoadOptions): Promise<LoadFigure> {
  const started = performance.now();
  const perRequest = options.perRequest;
  const sets = perRequest ? Array.from({ length: options.amount }, perRequest.make) : [];
  let next = 0;
  const result = await autocannon({
    url,
    ...(perRequest
      ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, ...sets[next++ % sets.length] } }) }] }
      : {}),
    amount: options.amount,
    connections: options.connections ?? 64,
    method: options.method ?? "GET",
    // autocannon notices the last answer at its next sample tick: 25 ms keeps that error small.
    sampleInt: 25,
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    generator: "autocannon",
    requests: result.requests.total,
    // Total over measured wall time: autocannon's own averages are per whole second.
    rps: Math.round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const scripts = mkdtempSync(join(tmpdir(), "gatehouse-wrk-"));
let scriptCount = 0;

async function loadWithWrk(url: string, options: LoadOptions): Promise<LoadFigure> {
  scriptCount += 1;
  const lua = [
    `wrk.method = ${JSON.stringify(options.method ?? "GET")}`,
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`),
    ...(options.body ? [`wrk.body = ${JSON.stringify(options.body)}`] : []),
    ...(options.perRequest ? perRequestLua(options, join(scripts, `requests-${scriptCount}.tsv`)) : []),
  ].join("\n");
  const script = join(scripts, `load-${scriptCount}.lua`);
  writeFileSync(script, lua);
  const seconds = Math.max(1, Math.round(options.amount / 10_000));
  const { stdout } = await run("wrk", ["-t1", `-c${options.connections ?? 64}`, `-d${seconds}s`, "--latency", "-s", script, url]);
  return parseWrk(stdout);
}

/**
 * Pre-made requests for wrk: one line of tab-separated header values per request, read at start
 * and sent in turn (the Lua formatting of each is done in init, off the measured path).
 */
function perRequestLua(options: LoadOptions, file: string): string[] {
  const perRequest = options.perRequest;
  if (!perRequest) return [];
  const sets = Array.from({ length: perRequest.count(options.amount) }, perRequest.make);
  const names = Object.keys(sets[0] ?? {});
  writeFileSync(file, sets.map((set) => names.map((name) => set[name]).join("\t")).join("\n"));
  return [
    "local requests, count, index = {}, 0, 0",
    `local names = {${names.map((name) => JSON.stringify(name)).join(", ")}}`,
    "init = function(args)",
    `  for line in io.lines(${JSON.stringify(file)}) do`,
    "    local headers, column = {}, 1",
    "    for key, value in pairs(wrk.headers) do headers[key] = value end",
    '    for value in string.gmatch(line, "[^\t]+") do headers[names[column]] = value; column = column + 1 end',
    "    count = count + 1",
    "    requests[count] = wrk.format(nil, nil, headers)",
    "  end",
    "end",
    "request = function()",
    "  index = index % count + 1",
    "  return requests[index]",
    "end",
  ];
}

const durationMs = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN);

/** The figures of wrk's text report (it has no machine-readable one without a Lua done() hook). */
export function parseWrk(report: string): LoadFigure {
  const number = (pattern: RegExp) => Number(pattern.exec(report)?.[1] ?? Number.NaN);
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(report);
    return match ? Math.round(durationMs(match[1] ?? "", match[2] ?? "") * 100) / 100 : Number.NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  return {
    generator: "wrk",
    requests: number(/(\d+) requests in /),
    rps: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    p50: percentile("50"),
    p99: percentile("99"),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(report)?.[1] ?? 0),
    errors: socket ? socket.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
  };
}
