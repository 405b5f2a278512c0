import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const serverDir = join(import.meta.dirname, "..");

/** Starts the production server (as `pnpm start` does) on a free port, with its logs discarded. */
export async function startServer(databasePath: string, port = 3377) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), DATABASE_PATH: databasePath, ADMIN_PASSWORD: "unused-bench-password" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      if (attempt > 100) throw new Error("The server did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    /** Resident memory of the server process, from /proc. */
    rssMb: () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
