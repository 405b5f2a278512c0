import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { openStore } from "../src/db/client.ts";
import { tempDir } from "./helpers.ts";

export const serverDir = join(import.meta.dirname, "..");

/** `pnpm gatehouse …` as an operator runs it, on the given database: exit status and output. */
export function runCli(databasePath: string, args: string[], input = "", env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? "", DATABASE_PATH: databasePath, ...env },
    input,
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

/** A database in a new folder, made as a server's first start makes it: where most CLI runs find one. */
export function existingDatabase(folder = tempDir()) {
  const path = join(folder, "gatehouse.sqlite");
  openStore(path).sqlite.close();
  return path;
}
