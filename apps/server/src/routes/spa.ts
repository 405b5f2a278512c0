import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { packageRoot } from "../lib/package-root.ts";

export const webDist = resolve(packageRoot(), "../web/dist");

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Gatehouse</title>
<p>The admin app is not built yet. Run <code>pnpm build</code>, then restart the server.</p>`;

/**
 * index.html as it is on disk now, read again when the build replaces it: it names the hashed
 * assets, which are served from disk as they are, so an index read once at start named files a
 * later `pnpm build` had deleted and every page came up blank until a restart. While a build has
 * it away, the last one read; null before there was one.
 */
function currentIndex(indexPath: string) {
  let read: { mtimeMs: number; html: string } | null = null;
  return (): string | null => {
    try {
      const { mtimeMs } = statSync(indexPath);
      if (read?.mtimeMs !== mtimeMs) read = { mtimeMs, html: readFileSync(indexPath, "utf8") };
    } catch {
      // Not built yet, or being rebuilt.
    }
    return read?.html ?? null;
  };
}

/**
 * Serves the built SPA: hashed files under /assets are cached for a year, everything else that
 * is not an API path gets index.html (never cached) so deep links like /apis/123 work.
 */
export function spaRoutes(distFolder = webDist) {
  // Never built here (the API alone, or tests): nothing to serve until a build and a restart.
  if (!existsSync(distFolder)) return new Hono<AppEnv>().get("*", (c) => c.html(notBuilt, 503));
  const indexHtml = currentIndex(resolve(distFolder, "index.html"));
  return new Hono<AppEnv>()
    .use("/assets/*", async (c, next) => {
      await next();
      if (c.res.status === 200) c.res.headers.set("Cache-Control", "public, max-age=31536000, immutable");
    })
    .use("/assets/*", serveStatic({ root: distFolder }))
    .get("/assets/*", (c) => c.text("Not found", 404))
    .use("*", serveStatic({ root: distFolder, index: "__no_index__" }))
    .get("*", (c) => {
      c.header("Cache-Control", "no-cache");
      const html = indexHtml();
      return html === null ? c.html(notBuilt, 503) : c.html(html);
    });
}
