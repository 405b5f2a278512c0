import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const serverDir = join(import.meta.dirname, "..");

/** The real server (`src/main.ts`) as a child process on `port`, once /healthz answers. */
export async function startServer(databasePath: string, port: number, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), DATABASE_PATH: databasePath, LOG_LEVEL: "error", ...env },
    stdio: process.env.SERVER_LOGS ? "inherit" : "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error("server did not start");
}

// A process killed by a signal has no exit code, only a signal code.
export const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
