import { isWellFormedKey, type IssuedKey } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { existingDatabase, runCli as cli } from "./run-cli.ts";

describe("pnpm gatehouse key create --length", () => {
  const db = existingDatabase();

  it("makes a key of the chosen length, checksum included", () => {
    const created = cli(db, ["key", "create", "--username", "erp-long", "--length", "128", "--json"]);
    expect(created).toMatchObject({ status: 0, stderr: "" });
    const { key } = JSON.parse(created.stdout) as IssuedKey;
    expect(key).toHaveLength(128);
    expect(isWellFormedKey(key)).toBe(true);
  });

  it.each([["63"], ["257"], ["100.5"], ["64abc"], ["long"]])("refuses --length %s with one clear line and creates nothing", (length) => {
    const result = cli(db, ["key", "create", "--username", `bad-${length.replace(/\W/g, "")}`, "--length", length]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--length: Key length must be/);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(cli(db, ["key", "list"]).stdout).not.toContain("bad-");
  });
});
