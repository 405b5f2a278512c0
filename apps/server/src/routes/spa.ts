import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { packageRoot } from "../lib/package-root.ts";

export const webDist = resolve(packageRoot(), "../web/dist");

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Gatehouse</title>
<p>The admin app is not built yet. Run <code>pnpm build</code>, then restart the server.</p>`;

/**
 * Serves the built SPA: hashed files under /assets are cached for a year, everything else that
 * is not an API path gets index.html (never cached) so deep links like /apis/123 work.
 */
export function spaRoutes(distFolder = webDist) {
  const indexPath = resolve(distFolder, "index.html");
  if (!existsSync(indexPath)) return new Hono<AppEnv>().get("*", (c) => c.html(notBuilt, 503));
  const indexHtml = readFileSync(indexPath, "utf8");
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
      return c.html(indexHtml);
    });
}
