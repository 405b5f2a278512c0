import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";
import { listen, tempDir, testApp } from "./helpers.ts";
import { readmeBlock, repositoryRoot as root } from "./readme-blocks.ts";

describe("the README's Integrate example", () => {
  const databasePath = join(tempDir(), "gatehouse.sqlite");
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const t = await testApp({ DATABASE_PATH: databasePath });
    await seedDemoData(t.store.repos, t.clock());
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

/** The README's text under a `###` heading, up to the next heading of that level or above. */
function readmeSubsection(heading: string): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf(`\n### ${heading}\n`);
  if (start === -1) throw new Error(`README has no "### ${heading}"`);
  const end = readme.slice(start + 1).search(/\n#{2,3} /);
  return readme.slice(start, end === -1 ? undefined : start + 1 + end);
}

describe("the README's systemd unit", () => {
  const section = readmeSubsection("systemd");
  const unit = /```ini\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const setting = (name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(unit)?.[1];

  it("starts what `pnpm start` starts, from the server's folder", () => {
    const start = (JSON.parse(readFileSync(join(root, "apps/server/package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
    const [program, ...args] = (setting("ExecStart") ?? "").split(" ");
    const [startProgram, ...startArgs] = start.split(" ");
    expect(program?.split("/").at(-1)).toBe(startProgram);
    expect(args).toEqual(startArgs);
    expect(setting("WorkingDirectory")).toMatch(/\/apps\/server$/);
  });

  it("is hardened, and its environment file is a valid configuration whose database is in the writable folder", () => {
    expect(setting("NoNewPrivileges")).toBe("true");
    expect(setting("ProtectSystem")).toBe("strict");
    // Refused calls fail with EPERM: without it a call outside the filter kills the server.
    expect(unit).toMatch(/^SystemCallFilter=@system-service @pkey$/m);
    expect(setting("SystemCallErrorNumber")).toBe("EPERM");
    expect(setting("Restart")).toBe("on-failure");
    const envBlock = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "").find((block) => block.includes("gatehouse.env")) ?? "";
    const env = Object.fromEntries(
      envBlock
        .split("\n")
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    env.METRICS_TOKEN = "0123456789abcdef0123456789abcdef";
    const config = loadConfig(env);
    expect(dirname(config.DATABASE_PATH)).toBe(setting("ReadWritePaths"));
  });
});

describe("the README's Metrics section", () => {
  it("names every metric GET /metrics serves (beyond Node's defaults)", async () => {
    const token = "readme-metrics-token-0123456789";
    const { app } = await testApp({ METRICS_TOKEN: token });
    const text = await (await app.request("/metrics", { headers: { Authorization: `Bearer ${token}` } })).text();
    const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((match) => match[1] ?? "").filter((name) => !/^(process|nodejs)_/.test(name));
    expect(names.length).toBeGreaterThan(8);
    const section = readmeSubsection("Metrics");
    for (const name of names) expect(section, name).toContain(`\`${name}\``);
  });
});
