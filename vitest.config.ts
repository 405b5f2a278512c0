import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * API tests that also run on PostgreSQL (TEST_DATABASE_URL, which .ci/run sets): their apps come
 * from test/helpers.ts's setups, which then open the file's own PostgreSQL database. The rest read
 * or shape the SQLite file itself (backups, crashes, raw rows) and run on SQLite only; the
 * repository contract tests (*.repository.test.ts) run on both databases on their own.
 */
const alsoOnPostgres = [
  "api-throttle.security",
  "credentials.errors",
  "history-allow",
  "history-detail",
  "history-filters.security",
  "hot-path",
  "integration-resources",
  "integration.security",
  "ip-any.security",
  "ip-report-only",
  "redis-outage.reliability",
  "response-headers",
  "signed-requests.property",
  "token-shape.security",
  "verify-key.security",
  "webhooks.delivery",
  "webhooks.errors",
].map((name) => `apps/server/test/${name}.test.ts`);

export default defineConfig({
  // The web app's "@/" imports, as in apps/web/vite.config.ts.
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL("./apps/web/src/", import.meta.url)) }] },
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 15_000,
    reporters: ["default"],
    projects: [
      // Web unit tests sit beside the hooks and mappers they test.
      { extends: true, test: { name: "sqlite", include: ["apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "apps/web/src/**/*.test.ts"] } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ extends: true, test: { name: "postgres", include: alsoOnPostgres, env: { GATEHOUSE_TEST_DATABASE: "postgres" } } }]
        : []),
    ],
  },
});
