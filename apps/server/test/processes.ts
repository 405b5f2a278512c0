import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

/** Real processes for the reliability tests: servers started as an operator would, and Redis. */
export const serverDir = join(import.meta.dirname, "..");

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const portTaken = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createServer().listen(port, "127.0.0.1", () => socket.close(() => resolve(false)));
    socket.on("error", () => resolve(true));
  });

/** A Redis of the test's own (nothing kept on disk), so no other test shares its keys. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let tries = 0; tries < 50; tries += 1) {
    if (await portTaken(port)) return redis;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("redis-server did not start");
}

/** `node src/main.ts` (through tsx: the unit tests run before the build) on a port; resolves once /healthz answers. */
export async function startServer(port: number, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), LOG_LEVEL: "error", ...env },
    stdio: process.env.SERVER_LOGS ? "inherit" : "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}`);
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
