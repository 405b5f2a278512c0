import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { serverDir, startServer } from "./processes.ts";

/**
 * `db backup` and `db restore` against real server processes: the backup is taken while the
 * server answers a stream of logins, calls and admin changes, then restored and served again.
 */
const PASSWORD = "backup-test-password";
const PORT = 3305;
const base = `http://127.0.0.1:${PORT}`;
const json = { "Content-Type": "application/json", Origin: base };
const running: ChildProcess[] = [];

async function startOn(databasePath: string) {
  const { child } = await startServer(PORT, { DATABASE_PATH: databasePath, ADMIN_USERNAME: "owner", ADMIN_PASSWORD: PASSWORD });
  running.push(child);
  return child;
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

afterEach(async () => {
  await Promise.all(running.splice(0).map(stopServer));
});

/** The CLI as an operator runs it; asynchronous, so the load in this process keeps going. */
function cli(databasePath: string, args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: databasePath },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (status) => resolve({ status, stdout: stdout.trim(), stderr: stderr.trim() }));
  });
}

async function signIn() {
  const res = await fetch(`${base}/api/admin/session`, { method: "POST", headers: json, body: JSON.stringify({ username: "owner", password: PASSWORD }) });
  return { ...json, Cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}

async function createKey(admin: Record<string, string>, username: string) {
  const res = await fetch(`${base}/api/admin/credentials`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ username, allowedIps: [{ entry: "127.0.0.1" }] }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { credential: { id: string }; key: string }).key;
}

const login = (username: string, key: string) => fetch(`${base}/api/v1/login`, { method: "POST", headers: json, body: JSON.stringify({ username, key }) });

/** Logins, calls that write history, and admin changes, until `until`. */
async function writeLoad(admin: Record<string, string>, username: string, key: string, until: number) {
  let writes = 0;
  const calls = async () => {
    while (Date.now() < until) {
      const token = ((await (await login(username, key)).json()) as { token: string }).token;
      for (let n = 0; n < 5; n += 1) await (await fetch(`${base}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } })).arrayBuffer();
      writes += 1;
    }
  };
  const changes = async () => {
    for (let n = 1; Date.now() < until; n += 1) {
      const res = await fetch(`${base}/api/admin/credentials`, { method: "POST", headers: admin, body: JSON.stringify({ username: `load-${n}` }) });
      if (res.status === 201) writes += 1;
    }
  };
  await Promise.all([calls(), calls(), changes()]);
  return writes;
}

const fileHash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const usernames = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("select username from credentials").all() as { username: string }[]).map((row) => row.username);
  } finally {
    db.close();
  }
};

describe("db backup under write load", () => {
  it("gives a copy that passes the integrity check and, restored and served, still lets a key made before it log in", async () => {
    const folder = tempDir();
    const live = join(folder, "live", "gatehouse.sqlite");
    const server = await startOn(live);
    const admin = await signIn();
    const key = await createKey(admin, "erp-sync");
    const load = writeLoad(admin, "erp-sync", key, Date.now() + 2500);
    await new Promise((resolve) => setTimeout(resolve, 800));
    mkdirSync(join(folder, "backups"));
    const backupPath = join(folder, "backups", "monday.sqlite");
    const backup = await cli(live, ["db", "backup", backupPath]);
    const writes = await load;
    expect(writes).toBeGreaterThan(10);
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`^Backed up .+ to ${backupPath} \\(\\d+ KB: \\d+ credentials, \\d+ history rows\\)\\.$`));
    // Key and password hashes are in it: readable by the owner only, and self-contained.
    expect(statSync(backupPath).mode & 0o777).toBe(0o600);
    expect(existsSync(`${backupPath}-wal`)).toBe(false);
    const copy = new Database(backupPath, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect((copy.prepare("select count(*) as n from api_history").get() as { n: number }).n).toBeGreaterThan(0);
    copy.close();

    // Never overwritten by accident.
    const again = await cli(live, ["db", "backup", backupPath]);
    expect(again).toMatchObject({ status: 1, stderr: expect.stringMatching(/already exists: .*--force/) });
    await stopServer(server);

    const fresh = join(folder, "restored", "gatehouse.sqlite");
    const restored = await cli(fresh, ["db", "restore", backupPath]);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain(`Restored ${backupPath} into ${fresh}`);
    await startOn(fresh);
    const res = await login("erp-sync", key);
    expect(res.status).toBe(200);
  }, 60_000);
});

describe("db restore", () => {
  it("is refused while a server uses the database, changing nothing, and allowed once it stops", async () => {
    const folder = tempDir();
    const live = join(folder, "gatehouse.sqlite");
    const server = await startOn(live);
    const admin = await signIn();
    const key = await createKey(admin, "erp-sync");
    const backupPath = join(folder, "backup.sqlite");
    expect((await cli(live, ["db", "backup", backupPath])).status).toBe(0);
    await createKey(admin, "made-after-backup");

    const refused = await cli(live, ["db", "restore", backupPath]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`gatehouse: A Gatehouse server (pid ${server.pid}) is using ${live}; stop it first. Nothing was changed`);
    expect(existsSync(`${live}.before-restore`)).toBe(false);
    expect((await login("made-after-backup", key)).status).toBe(401);
    expect(usernames(live)).toContain("made-after-backup");

    await stopServer(server);
    const allowed = await cli(live, ["db", "restore", backupPath]);
    expect(allowed.stderr).toBe("");
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain(`kept as ${live}.before-restore`);
    expect(usernames(live)).not.toContain("made-after-backup");
    expect(usernames(`${live}.before-restore`)).toContain("made-after-backup");
    expect(statSync(live).mode & 0o777).toBe(0o600);
    await startOn(live);
    expect((await login("erp-sync", key)).status).toBe(200);
  }, 60_000);

  it("is not blocked by the lock file of a server that was killed", async () => {
    const folder = tempDir();
    const live = join(folder, "gatehouse.sqlite");
    const server = await startOn(live);
    const backupPath = join(folder, "backup.sqlite");
    expect((await cli(live, ["db", "backup", backupPath])).status).toBe(0);
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGKILL");
    await exited;
    expect(existsSync(join(folder, `gatehouse.sqlite.server-${server.pid}.lock`))).toBe(true);
    expect(await cli(live, ["db", "restore", backupPath])).toMatchObject({ status: 0, stderr: "" });
  }, 60_000);

  it.each([
    ["a text file", (path: string) => writeFileSync(path, "not a database\n"), /file is not a database/],
    [
      "a SQLite database of something else",
      (path: string) => {
        const db = new Database(path);
        db.exec("create table notes (body text)");
        db.close();
      },
      /it has no Gatehouse tables/,
    ],
    [
      "a damaged backup",
      (path: string, backup: string) => {
        const bytes = readFileSync(backup);
        bytes.fill(0x5a, 8192, 8192 + 4096 * 4);
        writeFileSync(path, bytes);
      },
      /integrity check failed|malformed/,
    ],
    [
      "a backup from a newer version",
      (path: string, backup: string) => {
        writeFileSync(path, readFileSync(backup));
        const db = new Database(path);
        db.prepare("insert into __drizzle_migrations (hash, created_at) values ('future', ?)").run(Date.now() + 365 * 86_400_000);
        db.close();
      },
      /made by a Gatehouse version this one does not know/,
    ],
    [
      "a backup with a table dropped",
      (path: string, backup: string) => {
        writeFileSync(path, readFileSync(backup));
        const db = new Database(path);
        db.exec("drop table api_history");
        db.close();
      },
      /it lacks api_history\./,
    ],
  ])(
    "refuses %s with one clear line and changes nothing",
    async (_, make, reason) => {
      const folder = tempDir();
      const live = join(folder, "gatehouse.sqlite");
      const good = join(folder, "good.sqlite");
      expect((await cli(live, ["key", "create", "--username", "erp-sync"])).status).toBe(0);
      expect((await cli(live, ["db", "backup", good])).status).toBe(0);
      const bad = join(folder, "bad.sqlite");
      make(bad, good);
      const before = fileHash(live);

      const result = await cli(live, ["db", "restore", bad]);
      expect(result.status).toBe(1);
      expect(result.stderr.split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(new RegExp(`^gatehouse: ${bad} is not a usable Gatehouse backup: .*\\. Nothing was changed$`));
      expect(result.stderr).toMatch(reason);
      expect(fileHash(live)).toBe(before);
      expect(existsSync(`${live}.before-restore`)).toBe(false);
      expect(usernames(live)).toEqual(["erp-sync"]);
    },
    30_000,
  );

  it("counts the keys key list shows, not deleted ones kept for their history", async () => {
    const folder = tempDir();
    const live = join(folder, "gatehouse.sqlite");
    for (const username of ["erp-sync", "old-pos"]) expect((await cli(live, ["key", "create", "--username", username])).status).toBe(0);
    expect((await cli(live, ["key", "delete", "old-pos"])).status).toBe(0);
    const backup = await cli(live, ["db", "backup", join(folder, "backup.sqlite")]);
    expect(backup.stdout).toContain(": 1 credential, 0 history rows).");
  }, 30_000);

  it("finds the running server through a symlink, either way round", async () => {
    const folder = tempDir();
    const real = join(folder, "real.sqlite");
    const link = join(folder, "current.sqlite");
    expect((await cli(real, ["key", "create", "--username", "erp-sync", "--ip", "192.0.2.1"])).status).toBe(0);
    const backupPath = join(folder, "backup.sqlite");
    expect((await cli(real, ["db", "backup", backupPath])).status).toBe(0);
    symlinkSync(real, link);
    const server = await startOn(link);
    for (const path of [real, link]) {
      const refused = await cli(path, ["db", "restore", backupPath]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`A Gatehouse server (pid ${server.pid}) is using`);
    }
    expect(existsSync(`${real}.before-restore`)).toBe(false);
    await stopServer(server);
    // Restored through the link: the file it points to is replaced, and the link stays a link.
    expect((await cli(link, ["db", "restore", backupPath])).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(existsSync(`${real}.before-restore`)).toBe(true);
  }, 60_000);

  // An operator review's finds: a second restore overwrote the first one's kept database, and a
  // restore run as root (after `systemctl stop`) left a database the service's user could not open.
  it("keeps every replaced database, and gives the restored one the owner of the one it replaces", async () => {
    const folder = tempDir();
    const live = join(folder, "gatehouse.sqlite");
    expect((await cli(live, ["key", "create", "--username", "first-key", "--ip", "192.0.2.1"])).status).toBe(0);
    const backupPath = join(folder, "backup.sqlite");
    expect((await cli(live, ["db", "backup", backupPath])).status).toBe(0);
    const asRoot = process.getuid?.() === 0;
    // The service's own user (nobody, here) owns the database, as under systemd.
    if (asRoot) chownSync(live, 65_534, 65_534);

    expect((await cli(live, ["key", "create", "--username", "second-key", "--ip", "192.0.2.2"])).status).toBe(0);
    const first = await cli(live, ["db", "restore", backupPath]);
    expect(first.stdout).toContain(`kept as ${live}.before-restore.`);
    expect((await cli(live, ["key", "create", "--username", "third-key", "--ip", "192.0.2.3"])).status).toBe(0);
    const second = await cli(live, ["db", "restore", backupPath]);
    expect(second.stdout).toContain(`kept as ${live}.before-restore-2.`);
    expect(usernames(`${live}.before-restore`)).toEqual(["first-key", "second-key"]);
    expect(usernames(`${live}.before-restore-2`)).toEqual(["first-key", "third-key"]);
    expect(usernames(live)).toEqual(["first-key"]);
    if (asRoot) {
      for (const path of [live, `${live}.before-restore`, `${live}.before-restore-2`]) {
        expect([statSync(path).uid, statSync(path).gid]).toEqual([65_534, 65_534]);
      }
    }
  }, 60_000);
});

describe("db backup's FILE", () => {
  // A review's find: --force renamed a backup over /dev/null, and over the live database's -wal,
  // losing committed changes; a mistyped folder was made without a word.
  it("is refused when it is the database's own file, not a regular file, or in a folder that does not exist", async () => {
    const folder = tempDir();
    const live = join(folder, "gatehouse.sqlite");
    expect((await cli(live, ["key", "create", "--username", "erp-sync"])).status).toBe(0);
    symlinkSync(live, join(folder, "link.sqlite"));
    mkdirSync(join(folder, "a-folder"));
    const refused: [string, RegExp][] = [
      [`${live}-wal`, /one of the database's own files/],
      [`${live}-shm`, /one of the database's own files/],
      [join(folder, "secret.key"), /one of the database's own files/],
      [join(folder, "..", folder.split("/").at(-1) ?? "", "gatehouse.sqlite"), /the database itself/],
      ["/dev/null", /not a regular file/],
      [join(folder, "link.sqlite"), /not a regular file/],
      [join(folder, "a-folder"), /not a regular file/],
      [join(folder, "missing", "monday.sqlite"), /folder .*missing does not exist/],
      // A folder's name with its slash, the folder not made yet: it used to become a file.
      [`${join(folder, "backups")}/`, /names a folder: give the backup a file name in it/],
    ];
    const before = fileHash(live);
    const key = readFileSync(join(folder, "secret.key"), "utf8");
    for (const [target, reason] of refused) {
      const result = await cli(live, ["db", "backup", target, "--force"]);
      expect(result.status, target).toBe(1);
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).toMatch(/nothing was written$/);
    }
    expect(fileHash(live)).toBe(before);
    expect(readFileSync(join(folder, "secret.key"), "utf8")).toBe(key);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(existsSync(join(folder, "missing"))).toBe(false);
    expect(existsSync(join(folder, "backups"))).toBe(false);
    expect(usernames(live)).toEqual(["erp-sync"]);
  });

  it("is not restored onto the database itself", async () => {
    const folder = tempDir();
    const live = join(folder, "gatehouse.sqlite");
    expect((await cli(live, ["key", "create", "--username", "erp-sync"])).status).toBe(0);
    const result = await cli(live, ["db", "restore", live]);
    expect(result).toMatchObject({ status: 1, stderr: expect.stringMatching(/is the database itself: restore from a backup\. Nothing was changed$/) });
    expect(existsSync(`${live}.before-restore`)).toBe(false);
  });
});
