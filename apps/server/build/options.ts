import { join, sep } from "node:path";
import type { BuildOptions, Plugin } from "esbuild";

// zod's namespace re-exports every locale (about 400 KB of the bundle, parsed at every start);
// the server speaks English only, so its locale index is replaced by one that has just `en`.
const englishZodOnly: Plugin = {
  name: "english-zod-only",
  setup(zodBuild) {
    zodBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}zod${sep}`) ? { path: join(import.meta.dirname, "zod-locales.js") } : undefined,
    );
  },
};

/**
 * The production server and CLI as plain JavaScript: `node dist/main.js` runs with no TypeScript
 * loader and no package manager in between. Our code and the pure-JS libraries are bundled;
 * native modules stay packages, resolved from node_modules at run time. What the server does not
 * need on SQLite stays out of what it reads at start (RSS idle is a target: README "Production
 * start"); test/build.test.ts holds it there.
 */
export const serverBuildOptions = (outdir: string): BuildOptions => ({
  absWorkingDir: join(import.meta.dirname, ".."),
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts" },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  // The PostgreSQL store (postgres.js, our pg repositories) is imported dynamically and goes into
  // a chunk of its own, read only when DATABASE_URL is set.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  target: "node20",
  sourcemap: "linked",
  // ioredis is loaded only when REDIS_URL is set (shared-redis.ts), prom-client only when
  // METRICS_TOKEN is (lib/metrics.ts), so they stay out of the bundle too.
  external: ["better-sqlite3", "@node-rs/argon2", "ioredis", "prom-client"],
  // Bundled CommonJS libraries call require() for Node's own modules.
  banner: { js: 'import { createRequire as createRequireForBundle } from "node:module"; const require = createRequireForBundle(import.meta.url);' },
  plugins: [englishZodOnly],
  logLevel: "warning",
});
