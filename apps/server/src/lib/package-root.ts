import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The server package's folder (the one with its package.json), found from wherever this code
 * runs: src/lib/ under the TypeScript loader, dist/ or dist/chunks/ once compiled. Paths to the
 * migrations and the built admin app start here, so both ways of running find the same files.
 */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, "package.json"))) return folder;
    if (dirname(folder) === folder) throw new Error(`No package.json above ${from}`);
  }
}
