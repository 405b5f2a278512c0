import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { runCli as cli } from "./run-cli.ts";

const URL_WITH_PASSWORD = "postgresql://gatehouse:s3cret-pass@db.internal:5432/gatehouse?sslmode=require&password=also-secret";

describe("db backup and restore on PostgreSQL", () => {
  const folder = tempDir();
  const sqlitePath = join(folder, "unused.sqlite");
  const postgres = { DATABASE_URL: URL_WITH_PASSWORD };

  it("backup prints the pg_dump command, without the password, exits 2 and writes nothing", () => {
    const file = join(folder, "backups", "gatehouse 2026-11-26.dump");
    const result = cli(sqlitePath, ["db", "backup", file], "", postgres);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("DATABASE_URL is a PostgreSQL database: back it up with pg_dump");
    // Written 0600, as a SQLite backup is: the dump holds key and password hashes.
    expect(result.stdout).toBe(`(umask 077 && pg_dump --format=custom --file '${file}' 'postgresql://gatehouse@db.internal:5432/gatehouse?sslmode=require')\n`);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/s3cret|also-secret/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("restore prints the commands that restore into a new database, owned by the same role, and exits 2", () => {
    const result = cli(sqlitePath, ["db", "restore", "backups/monday.dump"], "", { DATABASE_URL: "postgres://ops:s3cret@127.0.0.1/gatehouse" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("restore it with pg_restore into a new database, gatehouse_restored, then point every instance's DATABASE_URL at it");
    // pg_restore --clean over the live database fails on the partitioned history table (a review's find).
    expect(result.stdout).toBe(
      `psql --dbname postgres://ops@127.0.0.1/gatehouse --command 'CREATE DATABASE "gatehouse_restored" OWNER "ops"'\n` +
        `pg_restore --single-transaction --exit-on-error --dbname postgres://ops@127.0.0.1/gatehouse_restored ${join(join(import.meta.dirname, ".."), "backups/monday.dump")}\n`,
    );
    expect(result.stdout).not.toContain("--clean");
    expect(`${result.stdout}${result.stderr}`).not.toContain("s3cret");
    expect(existsSync(sqlitePath)).toBe(false);
  });

  it("still refuses a missing FILE with the usage", () => {
    const result = cli(sqlitePath, ["db", "backup"], "", postgres);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("db backup FILE");
  });
});
