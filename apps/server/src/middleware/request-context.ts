import { randomBytes } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import type { AppDeps } from "../deps.ts";
import { peerOf, resolveClientIp } from "../lib/client-ip.ts";
import { maskSecrets } from "../lib/mask-secrets.ts";
import { completeHeaders, everyResponse } from "./reply.ts";

/**
 * Gives every request an id (echoed as `X-Request-Id`), the headers every response carries
 * (see reply.ts), and writes one access-log line.
 * The path is logged without its query string: a query may carry a secret someone pasted there.
 */
// Unique per process start and per request; it only needs to find log lines, not be secret.
const processTag = randomBytes(6).toString("base64url");
let sequence = 0;

export const requestContext = (deps: AppDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    sequence += 1;
    const requestId = `req_${processTag}${sequence.toString(36)}`;
    c.set("requestId", requestId);
    c.set("replyHeaders", everyResponse(requestId));
    // One rule for the client address, used by the integration API, history, the admin's
    // "current IP" and the audit log alike.
    const peer = peerOf(c, deps.trustedProxies);
    const viaTrustedProxy = peer.trusted;
    c.set("clientIp", viaTrustedProxy ? resolveClientIp(peer.address, c.req.header("x-forwarded-for"), deps.trustedProxies) : peer.address);
    // PUBLIC_ORIGIN says how browsers reach us, whatever the hop to us looks like.
    const publicOrigin = deps.config.PUBLIC_ORIGIN;
    c.set(
      "secure",
      publicOrigin ? publicOrigin.startsWith("https:") : c.req.url.startsWith("https:") || (viaTrustedProxy && c.req.header("x-forwarded-proto") === "https"),
    );
    const started = performance.now();
    await next();
    completeHeaders(c);
    deps.logger.info("request", {
      request_id: requestId,
      method: c.req.method,
      path: maskSecrets(c.req.path),
      status: c.res.status,
      ip: c.get("clientIp"),
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
