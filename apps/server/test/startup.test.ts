import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";

const serverDir = join(import.meta.dirname, "..");

function startServer(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe("starting the server with bad configuration", () => {
  it("stops on a bad PORT with one clear line", () => {
    const { status, stderr } = startServer({ PORT: "eighty", DATABASE_PATH: join(tempDir(), "db.sqlite") });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^gatehouse: Invalid configuration: PORT="eighty" must be a whole number/);
  });

  it("stops on a short METRICS_TOKEN with one clear line that does not repeat it", () => {
    const { status, stderr } = startServer({ METRICS_TOKEN: "short-secret", DATABASE_PATH: join(tempDir(), "db.sqlite") });
    expect(status).toBe(1);
    expect(stderr).toBe(
      "gatehouse: Invalid configuration: METRICS_TOKEN (12 characters) must be at least 16 characters (for example the output of: openssl rand -hex 32)",
    );
  });

  it("stops on an unwritable DATABASE_PATH with one clear line", () => {
    const file = join(tempDir(), "plain-file");
    writeFileSync(file, "");
    const { status, stderr } = startServer({ PORT: "0", DATABASE_PATH: join(file, "db.sqlite") });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^gatehouse: Cannot open the database at .*plain-file\/db.sqlite/);
  });
});
