import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;
// A throwaway database per run; the folder is created here so the server starts clean.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "gatehouse-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
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
    { name: "chromium", dependencies: ["setup"], use: { browserName: "chromium", viewport: { width: 1360, height: 860 } } },
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
