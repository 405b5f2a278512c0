import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 15_000,
    reporters: ["default"],
  },
});
