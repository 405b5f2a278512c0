import { spawn } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";

/**
 * Several processes starting together on one fresh database file (a restart loop, two replicas,
 * an operator starting it twice): exactly one first owner may come out, and every other process
 * must start normally rather than die on a locked database or a unique-key error.
 */
const PROCESSES = 6;
const serverDir = join(import.meta.dirname, "..");
const pathEnv = { PATH: process.env.PATH ?? "" };

/** A tsx process whose stdout lines, stderr and exit code the test can wait on. */
function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: serverDir, env: { ...pathEnv, ...env } });
  const seen = { lines: [] as string[], stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => seen.lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
  child.stderr.on("data", (chunk: Buffer) => (seen.stderr += chunk.toString("utf8")));
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const said = async (line: string) => {
    for (let waited = 0; !seen.lines.includes(line); waited += 10) {
      if (waited > 20_000 || child.exitCode !== null) throw new Error(`never said "${line}": ${seen.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const cue = () => child.stdin.write("\n");
  return { child, seen, exit, said, cue };
}

function adminRows(databasePath: string) {
  const db = new Database(databasePath, { readonly: true });
  try {
    const admins = db.prepare("select username, role from admin_users").all() as { username: string; role: string }[];
    const audited = (db.prepare("select count(*) as n from audit_log where action = 'user.create'").get() as { n: number }).n;
    return { admins, audited };
  } finally {
    db.close();
  }
}

describe("opening a fresh database from two processes", () => {
  it("lets the second one start while the first is still migrating", async () => {
    const databasePath = join(tempDir(), "migrate.sqlite");
    const first = run("test/fixtures/slow-migration.ts", { DATABASE_PATH: databasePath, HOLD_MS: "3000" });
    await first.said("holding");
    // Reads which migrations are applied while the first holds them uncommitted.
    const second = run("test/fixtures/first-owner-on-cue.ts", { DATABASE_PATH: databasePath, ADMIN_USERNAME: "admin" });
    second.cue();
    second.cue();
    expect(await first.exit, first.seen.stderr).toBe(0);
    expect(await second.exit, second.seen.stderr).toBe(0);
    expect(second.seen.lines.at(-1)).toBe(JSON.stringify({ created: "admin" }));
  }, 30_000);
});

describe("the first owner", () => {
  it(`is created exactly once when ${PROCESSES} processes open a fresh database and look for an owner at the same moment`, async () => {
    const databasePath = join(tempDir(), "race.sqlite");
    // Half of them ask for the same name, so a loser would also meet the unique index.
    const processes = Array.from({ length: PROCESSES }, (_, n) =>
      run("test/fixtures/first-owner-on-cue.ts", { DATABASE_PATH: databasePath, ADMIN_USERNAME: n % 2 === 0 ? "admin" : `owner-${n}` }),
    );
    for (const state of ["loaded", "opened"]) {
      await Promise.all(processes.map((p) => p.said(state)));
      for (const p of processes) p.cue();
    }
    const exits = await Promise.all(processes.map((p) => p.exit));
    expect(exits, processes.map((p) => p.seen.stderr).join("\n")).toEqual(processes.map(() => 0));

    const { admins, audited } = adminRows(databasePath);
    expect(admins).toHaveLength(1);
    expect(audited).toBe(1);
    const created = processes.map((p) => (JSON.parse(p.seen.lines.at(-1) ?? "{}") as { created: string | null }).created);
    expect(created.filter((name) => name !== null)).toEqual([admins[0]?.username]);
  }, 60_000);

  it(`is created exactly once when ${PROCESSES} real servers start together on an empty database`, async () => {
    const databasePath = join(tempDir(), "servers.sqlite");
    const servers = Array.from({ length: PROCESSES }, (_, n) =>
      run("src/main.ts", { PORT: "0", DATABASE_PATH: databasePath, ADMIN_USERNAME: `owner-${n}`, LOG_LEVEL: "silent" }),
    );
    // Up and serving: stop each the way an operator would, so its exit code says whether it was healthy.
    await Promise.all(
      servers.map(async (server) => {
        for (let waited = 0; !server.seen.lines.some((line) => line.startsWith("Gatehouse is running at")); waited += 20) {
          if (waited > 30_000 || server.child.exitCode !== null) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        server.child.kill("SIGTERM");
      }),
    );
    const exits = await Promise.all(servers.map((server) => server.exit));
    expect(exits, servers.map((server) => server.seen.stderr).join("\n")).toEqual(servers.map(() => 0));
    expect(servers.every((server) => server.seen.lines.some((line) => line.startsWith("Gatehouse is running at")))).toBe(true);

    const { admins, audited } = adminRows(databasePath);
    expect(admins).toHaveLength(1);
    expect(admins[0]?.role).toBe("owner");
    expect(audited).toBe(1);
    // The one process that created it is the one that announced it, with that name.
    const announced = servers.filter((server) => (server.seen.lines.join("\n") + server.seen.stderr).includes("Created the first owner account"));
    expect(announced).toHaveLength(1);
    expect(announced[0]?.seen.stderr + (announced[0]?.seen.lines.join("\n") ?? "")).toContain(`"${admins[0]?.username}"`);
  }, 60_000);
});
