import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const server = process.env.GATEHOUSE_DEV_SERVER ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
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
