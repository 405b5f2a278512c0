import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build, type Metafile } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { serverBuildOptions } from "../build/options.ts";

const serverDir = join(import.meta.dirname, "..");

/** Every input in the output files `node dist/main.js` loads at start (its static imports, not its dynamic ones). */
function loadedAtStart(metafile: Metafile, outdir: string) {
  // The metafile names files relative to the build's working directory.
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [resolve(serverDir, path), output]));
  const inputs = new Set<string>();
  const seen = new Set<string>();
  const queue = [resolve(outdir, "main.js")];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const output = outputs.get(file);
    if (!output || seen.has(file)) continue;
    seen.add(file);
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const imported of output.imports) if (imported.kind === "import-statement" && !imported.external) queue.push(resolve(serverDir, imported.path));
  }
  return [...inputs];
}

const postgres = (inputs: string[]) => inputs.filter((input) => /node_modules\/postgres\/|src\/db\/pg\/client\.ts|src\/db\/pg\/repositories\.ts/.test(input));
const locales = (inputs: string[]) => inputs.filter((input) => /zod\/v4\/locales\/(?!en\.js)/.test(input));

describe("the production build", () => {
  const outdir = mkdtempSync(join(tmpdir(), "gatehouse-build-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("leaves PostgreSQL's driver and store, and zod's other locales, out of what the server reads at start on SQLite", async () => {
    const { metafile } = await build({ ...serverBuildOptions(outdir), metafile: true, write: false, sourcemap: false });
    const all = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    const atStart = loadedAtStart(metafile, outdir);
    // The driver is in the build, in a chunk the server reads when DATABASE_URL is set.
    expect(postgres(all).length).toBeGreaterThan(0);
    expect(postgres(atStart)).toEqual([]);
    expect(atStart.some((input) => input.includes("zod/v4/locales/en.js"))).toBe(true);
    expect(locales(all)).toEqual([]);
  }, 30_000);
});
