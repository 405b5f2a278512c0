import { randomBytes } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { AppDeps, AppEnv } from "../env.ts";
import { resolveClientIp, socketAddress } from "../lib/client-ip.ts";

/**
 * Gives every request an id (echoed as `X-Request-Id`) and writes one access-log line.
 * The path is logged without its query string: a query may carry a secret someone pasted there.
 */
export const requestContext = (deps: AppDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const requestId = `req_${randomBytes(9).toString("base64url")}`;
    c.set("requestId", requestId);
    // One rule for the client address, used by the integration API, history, the admin's
    // "current IP" and the audit log alike.
    const peer = socketAddress(c);
    const viaTrustedProxy = deps.trustedProxies.allows(peer);
    c.set("clientIp", resolveClientIp(peer, c.req.header("x-forwarded-for"), deps.trustedProxies));
    c.set("secure", new URL(c.req.url).protocol === "https:" || (viaTrustedProxy && c.req.header("x-forwarded-proto") === "https"));
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    deps.logger.info("request", {
      request_id: requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ip: c.get("clientIp"),
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
