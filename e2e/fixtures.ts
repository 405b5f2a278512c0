import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

export const screenshotDir = join(import.meta.dirname, "screenshots");
mkdirSync(screenshotDir, { recursive: true });

/** Saves a full-page screenshot under e2e/screenshots for a human to look at. */
export async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

export const test = base;
export { expect };
