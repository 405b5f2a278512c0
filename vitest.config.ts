import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The web app's "@/" imports, as in apps/web/vite.config.ts.
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL("./apps/web/src/", import.meta.url)) }] },
  test: {
    // Web unit tests sit beside the hooks and mappers they test.
    include: ["apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "apps/web/src/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 15_000,
    reporters: ["default"],
  },
});
