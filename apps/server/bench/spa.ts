import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

/** The JS a browser must load before the first screen: the entry script and its modulepreloads, gzipped. */
export function initialJsGzipBytes(distFolder: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(distFolder, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1] ?? "");
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(distFolder, file))).byteLength, 0);
  return { bytes, files };
}

/** Milliseconds from navigation to the APIs list showing rows, signed in, in headless Chromium (median of runs). */
export async function timeToFirstList(baseUrl: string, username: string, password: string, runs = 5): Promise<number> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext();
    const signIn = await context.request.post(`${baseUrl}/api/admin/session`, { data: { username, password }, headers: { Origin: baseUrl } });
    if (!signIn.ok()) throw new Error(`Bench sign-in failed: ${signIn.status()}`);
    const timings: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${baseUrl}/apis`);
      await page.getByRole("link", { name: /seed-/ }).first().waitFor();
      timings.push(performance.now() - started);
      await page.close();
    }
    return Math.round(timings.toSorted((a, b) => a - b)[Math.floor(runs / 2)] ?? 0);
  } finally {
    await browser.close();
  }
}
