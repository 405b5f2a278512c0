import type { CredentialListItem, IssuedKey } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { existingDatabase, runCli as cli } from "./run-cli.ts";

const listed = (db: string) => JSON.parse(cli(db, ["key", "list", "--json"]).stdout) as CredentialListItem[];

describe("pnpm gatehouse key create --ip-enforcement", () => {
  const db = existingDatabase();

  it("creates a key in Report only, and says so", () => {
    const json = cli(db, ["key", "create", "--username", "erp-report", "--ip", "203.0.113.10", "--ip-enforcement", "report", "--json"]);
    expect(json).toMatchObject({ status: 0, stderr: "" });
    expect((JSON.parse(json.stdout) as IssuedKey).credential.ipEnforcement).toBe("report");
    const text = cli(db, ["key", "create", "--username", "erp-report2", "--ip-enforcement", "report"]);
    expect(text.stdout).toContain("IP enforcement: Report only");
    const plain = JSON.parse(cli(db, ["key", "create", "--username", "erp-default", "--json"]).stdout) as IssuedKey;
    expect(plain.credential.ipEnforcement).toBe("enforce");
  });

  it.each([["off"], ["Report"], [""]])("refuses --ip-enforcement %j with one clear line and creates nothing", (mode) => {
    const result = cli(db, ["key", "create", "--username", "erp-bad", "--ip-enforcement", mode]);
    expect(result).toMatchObject({ status: 1, stderr: "gatehouse: --ip-enforcement: Choose enforce or report" });
    expect(listed(db).map((item) => item.username)).not.toContain("erp-bad");
  });
});

describe("pnpm gatehouse key ip-enforcement U enforce|report", () => {
  it("switches a key either way and tells the count of the last 7 days when enforcing", () => {
    const db = existingDatabase();
    cli(db, ["key", "create", "--username", "erp-sync", "--ip", "203.0.113.10"]);
    const report = cli(db, ["key", "ip-enforcement", "ERP-sync", "report"]);
    expect(report).toMatchObject({ status: 0, stderr: "" });
    expect(report.stdout).toContain("erp-sync: IP enforcement is Report only");
    expect(listed(db)[0]?.ipEnforcement).toBe("report");
    const enforce = cli(db, ["key", "ip-enforcement", "erp-sync", "enforce"]);
    expect(enforce.stdout).toContain("erp-sync: IP enforcement is Enforce");
    expect(enforce.stdout).toContain("No call of the last 7 days came from an address that is not on the list.");
    expect(listed(db)[0]?.ipEnforcement).toBe("enforce");
  });

  it.each([
    [["erp-sync", "off"], "Say enforce or report, e.g. pnpm gatehouse key ip-enforcement erp-sync report"],
    [["erp-sync"], "Say enforce or report, e.g. pnpm gatehouse key ip-enforcement erp-sync report"],
    [[], "Name the API Username, e.g. pnpm gatehouse key disable inventory-sync"],
    [["nobody", "report"], 'The API "nobody" was not found'],
  ])("refuses %j with one clear line and changes nothing", (args, message) => {
    const db = existingDatabase();
    cli(db, ["key", "create", "--username", "erp-sync", "--ip-enforcement", "report"]);
    const result = cli(db, ["key", "ip-enforcement", ...args]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(listed(db)[0]?.ipEnforcement).toBe("report");
  });
});
