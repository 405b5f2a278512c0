import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import type { AppDeps } from "../deps.ts";
import { countFailure } from "../domain/auth/check-key.ts";
import { ApiError } from "../lib/api-error.ts";
import { sameDigest, sha256 } from "../lib/hash.ts";
import { noRoute } from "../middleware/errors.ts";

const refused = () =>
  new ApiError("unauthorized", "Send Authorization: Bearer with the METRICS_TOKEN", { headers: { "www-authenticate": 'Bearer realm="metrics"' } });

/**
 * `GET /metrics` for Prometheus, only with `Authorization: Bearer <METRICS_TOKEN>`. Without
 * METRICS_TOKEN the path answers as one no route knows (404). The token is compared as SHA-256
 * digests in constant time, and wrong tokens count as failures of their address like unknown
 * integration tokens do (429 after 100 in 5 minutes).
 */
export function metricsRoutes(deps: AppDeps) {
  const { metrics } = deps;
  const token = deps.config.METRICS_TOKEN;
  if (!metrics || !token) return new Hono<AppEnv>().all("/", noRoute);
  const expected = sha256(token);
  return new Hono<AppEnv>().get("/", async (c) => {
    const header = c.req.header("authorization") ?? "";
    const given = /^bearer /i.test(header) ? header.slice(7).trim() : "";
    if (!sameDigest(sha256(given), expected)) {
      await countFailure(deps, c.get("clientIp"), null);
      throw refused();
    }
    const body = await metrics.render();
    return c.body(body, 200, { "content-type": metrics.contentType, "cache-control": "no-store" });
  });
}
