import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";

const serverDir = join(import.meta.dirname, "..");

/** Starts a real server on a fresh database with no ADMIN_PASSWORD, then hands over its output so far. */
async function firstStart() {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? "", PORT: "0", DATABASE_PATH: join(tempDir(), "db.sqlite"), ADMIN_USERNAME: "olivia", LOG_LEVEL: "info" },
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  for (let attempt = 0; attempt < 300 && !/running at (\S+)/.test(output.stdout); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const base = /running at (\S+)/.exec(output.stdout)?.[1] ?? "";
  return { base, output, stop: () => (child.kill("SIGTERM"), exited) };
}

describe("the generated first-owner password", () => {
  it("goes to stderr for the person at the terminal, never to stdout where the JSON log goes", async () => {
    const server = await firstStart();
    try {
      expect(server.base, server.output.stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const password = /shown only now\):\n\n {4}(\S+)\n/.exec(server.output.stderr)?.[1] ?? "";
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);

      // It is the real password: it signs in (and that request writes a log line to stdout).
      const signIn = await fetch(`${server.base}/api/admin/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: server.base },
        body: JSON.stringify({ username: "olivia", password }),
      });
      expect(signIn.status).toBe(200);
      expect(await server.stop()).toBe(0);

      expect(server.output.stdout).not.toContain(password);
      expect(server.output.stdout).not.toContain("shown only now");
      // stdout holds only the log stream (one JSON object a line) and the address line.
      const lines = server.output.stdout.split("\n").filter((line) => line !== "" && !line.startsWith("Gatehouse is running at "));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    } finally {
      await server.stop();
    }
  }, 30_000);
});
