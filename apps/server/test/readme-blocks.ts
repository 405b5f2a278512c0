import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import { tempDir } from "./helpers.ts";

export const repositoryRoot = join(import.meta.dirname, "../../..");

/** The README's first `language` block under a heading, exactly as a reader would copy it. */
export function readmeBlock(heading: string, language = "sh"): string {
  const readme = readFileSync(join(repositoryRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(section);
  if (!match?.[1]) throw new Error(`README has no ${language} block under "## ${heading}"`);
  return match[1];
}

/** The README's TypeScript block under a heading, compiled and imported as a module. */
export async function importReadmeBlock<T>(heading: string): Promise<T> {
  const file = join(tempDir("gatehouse-readme-"), "block.mjs");
  writeFileSync(file, transformSync(readmeBlock(heading, "ts"), { loader: "ts", format: "esm" }).code);
  return (await import(pathToFileURL(file).href)) as T;
}
