import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import type { StoreOptions } from "./fixtures.ts";

const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;
// A throwaway database per run; the folder is created here so the server starts clean.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "gatehouse-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

const phone = { browserName: "chromium", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

export default defineConfig<StoreOptions>({
  testDir: "./tests",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    permissions: ["clipboard-read", "clipboard-write"],
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: /phone\.spec\.ts/,
      use: { browserName: "chromium", viewport: { width: 1360, height: 860 } },
    },
    // The owner acting from a phone when an alert comes: the guide's stories at 390 × 844 with
    // touch, the phone layout's own checks, and the axe scan at that size in the dark theme. One
    // worker runs the projects in this order, so each phone project first deletes the keys the
    // stories made before it (their names are fixed).
    { name: "phone", dependencies: ["setup"], testMatch: /(guide|phone|notifications)\.spec\.ts/, use: { ...phone, startWithoutKeys: true } },
    { name: "phone-dark", dependencies: ["setup"], testMatch: /accessibility\.spec\.ts/, use: { ...phone, colorScheme: "dark", startWithoutKeys: true } },
  ],
  webServer: {
    command: "pnpm --filter @gatehouse/server start",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: join(dataDir, "gatehouse.sqlite"),
      ADMIN_USERNAME: "owner",
      ADMIN_PASSWORD: "correct-horse-battery",
      DEMO_DATA: "true",
      LOG_LEVEL: "warn",
      // The tests play integration servers at other addresses through X-Forwarded-For.
      TRUSTED_PROXIES: "127.0.0.1",
    },
  },
});
