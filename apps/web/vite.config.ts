import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const server = process.env.GATEHOUSE_DEV_SERVER ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  // "@/lib/paths.ts" instead of "../../../lib/paths.ts"; the same alias is in tsconfig.json and the
  // root vitest.config.ts.
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL("./src/", import.meta.url)) }] },
  server: {
    port: 5173,
    proxy: {
      "/api": server,
      "/healthz": server,
    },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
