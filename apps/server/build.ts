import { build } from "esbuild";

// The production server and CLI as plain JavaScript: `node dist/main.js` runs with no TypeScript
// loader and no package manager in between. Our code and the pure-JS libraries are bundled (one
// file to load); native modules stay packages, resolved from node_modules at run time.
await build({
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  // ioredis is loaded only when REDIS_URL is set (shared-redis.ts), prom-client only when
  // METRICS_TOKEN is (lib/metrics.ts), so they stay out of the bundle too.
  external: ["better-sqlite3", "@node-rs/argon2", "ioredis", "prom-client"],
  // Bundled CommonJS libraries call require() for Node's own modules.
  banner: { js: 'import { createRequire as createRequireForBundle } from "node:module"; const require = createRequireForBundle(import.meta.url);' },
  logLevel: "warning",
});
