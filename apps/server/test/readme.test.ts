import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";
import { listen, tempDir, testApp } from "./helpers.ts";
import { readmeBlock, repositoryRoot as root } from "./readme-blocks.ts";

describe("the README's Integrate example", () => {
  const databasePath = join(tempDir(), "gatehouse.sqlite");
  const t = testApp({ DATABASE_PATH: databasePath });
  seedDemoData(t.store.db, t.clock());
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(t.deps);
  });
  afterAll(() => server.close());

  it("works as written against a running server", async () => {
    // Asynchronous on purpose: the server answering it lives in this process.
    const { stdout } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", readmeBlock("Integrate")], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", GATEHOUSE: server.baseUrl, DATABASE_PATH: databasePath },
      timeout: 30_000,
    });
    const lines = stdout.trim().split("\n");
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ username: "inventory-sync", scopes: ["products:read", "products:write"], ip: "127.0.0.1" });
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ items: [{ sku: "BEANIE-RED" }, { sku: "BOTTLE-STEEL" }], next_cursor: expect.any(String) });
    expect(JSON.parse(lines[2] ?? "")).toMatchObject({ sku: "MUG-LOGO", quantity: 80 });
    expect(JSON.parse(lines[3] ?? "")).toMatchObject({ sku: "MUG-LOGO", quantity: 80 });
    expect(JSON.parse(lines[4] ?? "")).toMatchObject({ error: { code: "insufficient_scope" } });
    expect(lines[5]).toBe("204");
  });
});
