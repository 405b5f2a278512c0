import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import { runCli as cli } from "./run-cli.ts";

describe("pnpm gatehouse webhook", () => {
  const db = join(tempDir(), "gatehouse.sqlite");

  it("adds an endpoint printing its secret once, lists it without the secret, and removes it", () => {
    const added = cli(db, ["webhook", "add", "https://hooks.example.com/gh", "--event", "credential.created", "--event", "credential.deleted", "--json"]);
    expect(added.stderr).toMatch(/^gatehouse: there was no database at .*; a new, empty one was made/);
    const endpoint = JSON.parse(added.stdout) as { id: string; secret: string; events: string[] };
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.events).toEqual(["credential.created", "credential.deleted"]);

    const listed = cli(db, ["webhook", "list"]);
    expect(listed.stdout).toContain(`${endpoint.id}  https://hooks.example.com/gh  credential.created,credential.deleted`);
    expect(listed.stdout).not.toContain(endpoint.secret);

    // A change the CLI makes raises its event in the same transaction: it is in the outbox for a server to send.
    expect(cli(db, ["key", "create", "--username", "erp-sync"]).status).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    const events = sqlite.prepare("select type, body from webhook_events").all() as { type: string; body: string }[];
    const pending = sqlite.prepare("select count(*) as n from webhook_deliveries where state = 'pending'").get() as { n: number };
    sqlite.close();
    expect(events.map((event) => event.type)).toEqual(["credential.created"]);
    expect(JSON.parse(events[0]?.body ?? "{}")).toMatchObject({ type: "credential.created", data: { username: "erp-sync", actor: "cli" } });
    expect(pending.n).toBe(1);

    expect(cli(db, ["webhook", "remove", endpoint.id]).stdout).toContain(`Removed webhook endpoint ${endpoint.id}`);
    expect(cli(db, ["webhook", "list", "--json"]).stdout.trim()).toBe("[]");
  });

  it("says what is wrong with a bad URL, event or threshold, and adds nothing", () => {
    for (const args of [
      ["webhook", "add", "ftp://x.example"],
      ["webhook", "add", "https://x.example", "--event", "credential.exploded"],
      ["webhook", "add", "https://x.example", "--event", "calls.denied_spike", "--denied-threshold", "lots"],
      ["webhook", "add"],
      ["webhook", "remove", "whk_missing"],
    ]) {
      const result = cli(db, args);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(/^gatehouse: .+/);
      if (args[2] === "ftp://x.example") expect(result.stderr).toBe("gatehouse: URL: The URL must start with https:// or http://");
    }
    expect(cli(db, ["webhook", "list", "--json"]).stdout.trim()).toBe("[]");
  });
});
