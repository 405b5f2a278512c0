import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { isWellFormedKey, type IssuedKey } from "@gatehouse/shared";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { runCli as cli, serverDir } from "./run-cli.ts";

describe("the CLI", () => {
  const db = join(tempDir(), "gatehouse.sqlite");

  it("creates a key, prints it once as JSON, lists, disables and deletes it", () => {
    const created = cli(db, [
      "key",
      "create",
      "--username",
      "erp-sync",
      "--ip",
      "10.0.0.1",
      "--ip",
      "2001:DB8::/32",
      "--scope",
      "orders:read",
      "--rate-limit",
      "60",
      "--json",
    ]);
    // The first command on a path with no database makes one, and says so: a mistyped DATABASE_PATH shows at once.
    expect(created.stderr).toBe(`gatehouse: there was no database at ${db}; a new, empty one was made (check DATABASE_PATH)`);
    expect(created.status).toBe(0);
    const issued = JSON.parse(created.stdout) as IssuedKey;
    expect(isWellFormedKey(issued.key)).toBe(true);
    expect(issued.credential).toMatchObject({
      username: "erp-sync",
      status: "enabled",
      scopes: ["orders:read"],
      rateLimit: 60,
      allowedIps: [{ entry: "10.0.0.1" }, { entry: "2001:db8::/32" }],
    });

    const listed = cli(db, ["key", "list", "--json"]);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ username: "erp-sync", allowedIpCount: 2 }]);
    expect(listed.stdout).not.toContain(issued.key);

    expect(cli(db, ["key", "disable", "ERP-SYNC"])).toMatchObject({ stdout: "erp-sync is disabled.\n", stderr: "" });
    expect(cli(db, ["key", "list"]).stdout).toMatch(/erp-sync\s+disabled\s+gk_/);
    expect(cli(db, ["key", "delete", "erp-sync"]).status).toBe(0);
    expect(cli(db, ["key", "list"]).stdout).toContain("No API credentials yet");
  });

  it.each([
    [["key", "create", "--username", "x"], /^gatehouse: --username: API Username must be 3–20 characters$/],
    [["key", "create", "--username", "good-name", "--ip", "127.1"], /^gatehouse: --ip: "127\.1" is a shortened address/],
    [["key", "create", "--username", "good-name", "--scope", "everything"], /^gatehouse: --scope: Use one of/],
    [["key", "create", "--username", "good-name", "--rate-limit", "fast"], /--rate-limit: Rate limit must be a whole number/],
    [["key", "create", "--username", "good-name", "--expires", "2001-01-01"], /--expires: Expires must be in the future/],
    // parseArgs took "-1" for an option and answered with its own wording.
    [
      ["key", "create", "--username", "good-name", "--rate-limit", "-1"],
      /^gatehouse: --rate-limit needs a value; write one that starts with a dash as --rate-limit=VALUE$/,
    ],
    [["key", "create", "--username", "good-name", "--rate-limit=-1"], /^gatehouse: --rate-limit: Rate limit must be a whole number$/],
    [
      ["webhook", "add", "ftp://example.com/hooks", "--event", "nope"],
      /^gatehouse: URL: The URL must start with https:\/\/ or http:\/\/; --event: Unknown event$/,
    ],
    [["key", "disable", "nobody"], /The API "nobody" was not found/],
    [["key", "explode"], /Unknown key command "explode"/],
    [["key", "create", "--colour", "red"], /Unknown option '--colour'/],
    [["admin", "create", "--username", "sam", "--role", "boss"], /--role: Choose owner, editor or viewer/],
    // A review's finds: extra words and a repeated option were ignored, the last one kept.
    [["key", "create", "--username", "cli-1", "--username", "cli-2"], /--username is given twice: give it once/],
    [["key", "delete", "erp-sync", "extra"], /Unexpected "extra": pnpm gatehouse key delete inventory-sync/],
    [["key", "disable", "erp-sync", "now"], /Unexpected "now"/],
    [["key", "create", "--username", "cli-3", "--signing", "off", "--sign-alg", "hmac-sha256"], /go with signing optional or required, not off/],
  ])("refuses %j with one clear line and exit code 1", (args, message) => {
    const result = cli(db, args, "a-long-password-here\n");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  // Arguments show in `ps` to every local user and land in shell history.
  it.each([["--password", "a-long-password-here"], ["--password=a-long-password-here"]])(
    "takes no password on the command line (%s …), creating nothing",
    (...passwordArgs) => {
      const result = cli(db, ["admin", "create", "--username", "sam", "--role", "editor", ...passwordArgs]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^gatehouse: --password is not accepted .*pipe the password on standard input or type it at the prompt/);
      expect(result.stderr.split("\n")).toHaveLength(1);
      expect(result.stderr).not.toContain("a-long-password-here");
      expect(result.stdout).toBe("");
    },
  );

  it("adds an admin with the password from standard input, an owner first", () => {
    // A first admin who is not an owner could never add users, and the server would make no owner.
    const first = cli(db, ["admin", "create", "--username", "sam", "--role", "editor"], "a-long-password-here\n");
    expect(first).toMatchObject({ status: 1, stdout: "" });
    expect(first.stderr).toMatch(/^gatehouse: There is no owner yet, .*add an owner first \(--role owner\)$/);
    expect(cli(db, ["admin", "create", "--username", "olga", "--role", "owner"], "a-long-password-here\n").status).toBe(0);
    const result = cli(db, ["admin", "create", "--username", "sam", "--role", "editor", "--json"], "a-long-password-here\n");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ username: "sam", role: "editor" });
  });

  // An operator review: typed unseen, a slip made an admin with a password nobody knew.
  it("asks for the password twice at a terminal, and creates nobody when the two differ", () => {
    // `script` gives the CLI a terminal; the typed lines end in Enter (\r), as at a keyboard.
    const fresh = join(tempDir(), "gatehouse.sqlite");
    const atTerminal = (username: string, typed: string) =>
      spawnSync("script", ["-qec", `${process.execPath} --import tsx src/cli.ts admin create --username ${username} --role owner`, "/dev/null"], {
        cwd: serverDir,
        env: { PATH: process.env.PATH ?? "", DATABASE_PATH: fresh },
        input: typed,
        encoding: "utf8",
        timeout: 20_000,
      });
    const slip = atTerminal("typo-olga", "a-long-password-here\ra-long-password-hera\r");
    expect(slip.status).toBe(1);
    expect(slip.stdout).toContain("The same password again:");
    expect(slip.stdout).toContain("gatehouse: The two passwords differ; no admin was created");
    const same = atTerminal("olga", "a-long-password-here\ra-long-password-here\r");
    expect(same.stdout).toContain('Created owner "olga".');
    expect(same.status).toBe(0);
    const sqlite = new Database(fresh, { readonly: true });
    expect(sqlite.prepare("select username from admin_users").pluck().all()).toEqual(["olga"]);
    sqlite.close();
  });

  it("unlocks an account that failed sign-ins locked, without signing in", () => {
    expect(cli(db, ["admin", "create", "--username", "lee", "--role", "owner"], "a-long-password-here\n").status).toBe(0);
    const sqlite = new Database(db);
    sqlite.prepare("update admin_users set locked_until = ? where username = 'lee'").run(Date.now() + 3_600_000);
    const result = cli(db, ["admin", "unlock", "LEE"]);
    expect(result).toMatchObject({ status: 0, stderr: "" });
    expect(result.stdout).toContain('Unlocked "lee"');
    expect(sqlite.prepare("select locked_until from admin_users where username = 'lee'").get()).toEqual({ locked_until: null });
    expect(sqlite.prepare("select actor_name, action from audit_log where action = 'user.unlock'").all()).toEqual([
      { actor_name: "cli", action: "user.unlock" },
    ]);
    sqlite.close();
    expect(cli(db, ["admin", "unlock", "nobody"])).toMatchObject({ status: 1 });
  });
});
