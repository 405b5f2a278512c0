import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const serverDir = join(import.meta.dirname, "..");

/**
 * The bench's ports: BENCH_PORT (3377 by default) and the next ones. Set it when two benches
 * share a machine (e.g. from two worktrees).
 */
export const benchPort = (offset: number) => Number(process.env.BENCH_PORT ?? 3377) + offset;

/** Starts the production server (compiled, as `pnpm start` runs it) on a port, with its logs discarded. */
export const startServer = (databasePath: string, port = benchPort(0), env: Record<string, string> = {}) =>
  startProcess(["dist/main.js"], port, "/healthz", { DATABASE_PATH: databasePath, ADMIN_PASSWORD: "unused-bench-password", ...env });

/** The bare Hono app of bench/bare-hono.ts, in its own process: the baseline every figure is compared with. */
export const startBareHono = (port = benchPort(1)) => startProcess(["--import", "tsx", "bench/bare-hono.ts"], port, "/", {});

export async function startProcess(args: string[], port: number, readyPath: string, env: Record<string, string>) {
  // Otherwise the readiness check below would happily measure whatever already answers there.
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
      .once("error", () => reject(new Error(`Port ${port} is in use (another bench?): set BENCH_PORT to a free range`)))
      .listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // A bench that fails half-way must not leave its servers holding the ports (and the cores).
  const stopOnExit = () => child.kill("SIGTERM");
  process.once("exit", stopOnExit);
  child.once("exit", () => process.off("exit", stopOnExit));
  const started = performance.now();
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${baseUrl}${readyPath}`)).ok) break;
    } catch {
      if (attempt > 1000) throw new Error(`${args.join(" ")} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    baseUrl,
    /** From spawning the process to its first good answer on readyPath. */
    readyMs: Math.round(performance.now() - started),
    /** CPU time (user + system) the process has used so far, in ms, from /proc (10 ms steps). */
    cpuMs: () => processCpuMs(child.pid ?? 0),
    /** Resident memory of the server process, from /proc. */
    rssMb: () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** CPU time (user + system) process `pid` has used so far, in ms, from /proc (10 ms steps); 0 once it is gone. */
export function processCpuMs(pid: number) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return 0;
  }
}
