import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { runCli as cli, serverDir } from "./run-cli.ts";

const repoRoot = join(serverDir, "..", "..");

const run = (command: string, args: string[], cwd: string, databasePath: string) => {
  const result = spawnSync(command, args, { cwd, env: { PATH: process.env.PATH ?? "", DATABASE_PATH: databasePath }, encoding: "utf8", timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
};

describe("the CLI's --help", () => {
  it("answers `pnpm gatehouse key create --help` from the repo root with the key commands, not an error", () => {
    const databasePath = join(tempDir(), "gatehouse.sqlite");
    const result = run("pnpm", ["--silent", "gatehouse", "key", "create", "--help"], repoRoot, databasePath);
    expect(result.stderr).not.toMatch(/Unknown option/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("key create --username U");
    // Help is read-only: it does not even create the database.
    expect(existsSync(databasePath)).toBe(false);
  });

  it.each([
    [["key", "create", "--help"], "key create --username U"],
    [["key", "create", "--username", "erp-sync", "-h"], "key create --username U"],
    [["key", "list", "--help"], "key list"],
    [["key", "disable", "--help"], "key enable U | key disable U"],
    [["key", "--help"], "key create"],
    [["admin", "create", "--help"], "admin create --username U --role"],
    [["admin", "unlock", "--help"], "admin unlock U"],
    [["help", "admin"], "admin create"],
    [["db", "backup", "--help"], "db backup FILE [--force]"],
    [["db", "restore", "backup.sqlite", "-h"], "db restore FILE"],
    [["help", "db"], "db backup FILE"],
    [["--help"], "Usage: pnpm gatehouse <command>"],
  ])("`gatehouse %s` prints its usage and changes nothing", (args, usage) => {
    const databasePath = join(tempDir(), "gatehouse.sqlite");
    const result = cli(databasePath, args);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(usage);
    expect(existsSync(databasePath)).toBe(false);
  });

  it("still refuses an unknown option, and treats --help after -- as an argument", () => {
    const databasePath = join(tempDir(), "gatehouse.sqlite");
    expect(cli(databasePath, ["key", "create", "--usernme", "x"])).toMatchObject({ status: 1, stderr: expect.stringMatching(/Unknown option '--usernme'/) });
    expect(cli(databasePath, ["key", "create", "--", "--help"])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/Unexpected "--help": this command takes only --options/),
    });
  });
});
