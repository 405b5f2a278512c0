import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { freshDatabase, testDatabaseUrl } from "./pg/databases.ts";
import { runCli } from "./run-cli.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

/** Runs the lines `db backup` / `db restore` printed, as an operator pastes them into a shell. */
const runPrinted = (stdout: string) => execFileSync("sh", ["-e", "-c", stdout], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe.runIf(testDatabaseUrl)("db backup and db restore on PostgreSQL", () => {
  it("print commands that work: the dump is 0600 and the restore brings the keys back in a new database", async () => {
    const live = await freshDatabase();
    cleanups.push(live.drop);
    // A store on PostgreSQL, with a key made by the CLI and history in the partitioned table.
    const sqlitePath = join(tempDir(), "gatehouse.sqlite");
    expect(runCli(sqlitePath, ["key", "create", "--username", "erp-sync", "--ip", "192.0.2.0/24"]).status).toBe(0);
    const copied = runCli(sqlitePath, ["db", "copy", "--to", live.url]);
    expect(copied.status, copied.stderr).toBe(0);

    const file = join(tempDir(), "gatehouse.dump");
    const backup = runCli(sqlitePath, ["db", "backup", file], "", { DATABASE_URL: live.url });
    expect(backup.status).toBe(2);
    runPrinted(backup.stdout);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restore = runCli(sqlitePath, ["db", "restore", file], "", { DATABASE_URL: live.url });
    expect(restore.status).toBe(2);
    const restoredUrl = new URL(live.url);
    restoredUrl.pathname = `${restoredUrl.pathname}_restored`;
    cleanups.push(async () => {
      const admin = postgres(live.url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${restoredUrl.pathname.slice(1)}" with (force)`);
      await admin.end();
    });
    runPrinted(restore.stdout);

    const listed = runCli(sqlitePath, ["key", "list", "--json"], "", { DATABASE_URL: restoredUrl.toString() });
    expect(listed.status, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { username: string }[]).map((key) => key.username)).toEqual(["erp-sync"]);
  });
});
