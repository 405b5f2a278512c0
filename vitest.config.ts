import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * With TEST_DATABASE_URL (which .ci/run sets), every server test file runs a second time on
 * PostgreSQL (project "postgres"): testApp and the setups in test/helpers.ts then open the file's
 * own PostgreSQL database. These files do not, each for the reason it is listed under.
 */
const notTwiceOnPostgres = {
  // Open SQLite and PostgreSQL (and Redis) themselves, side by side, in one run.
  bothDatabasesInside: [
    "*.repository",
    "*.pg",
    "auth-cache.backends",
    "cluster.reliability",
    "postgres-outage.reliability",
    "cli-db-postgres",
    "database-unreachable",
  ],
  // Test SQLite's own file: its pragmas, backups, crash recovery, file modes, locking between processes.
  sqliteFileItself: [
    "backup-restore.reliability",
    "crash.reliability",
    "database-files.security",
    "first-owner.reliability",
    "sqlite-transactions",
    "history-recorder",
  ],
  // Touch no database: parsers, clocks, the bench's readers, Redis alone.
  noDatabase: [
    "bench-load",
    "client-ip",
    "http-signature",
    "limiter.contract",
    "pg-collisions",
    "pg-open-timeout",
    "outage-gate",
    "logger",
    "random",
    "time",
    "signed-example",
    "webhook-schedule",
    "change-notices",
    "cli-help",
  ],
};
const onlyOnSqlite = Object.values(notTwiceOnPostgres)
  .flat()
  .map((name) => `apps/server/test/${name}.test.ts`);

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
        ? [
            {
              extends: true,
              test: { name: "postgres", include: ["apps/server/test/*.test.ts"], exclude: onlyOnSqlite, env: { GATEHOUSE_TEST_DATABASE: "postgres" } },
            },
          ]
        : []),
    ],
  },
});
