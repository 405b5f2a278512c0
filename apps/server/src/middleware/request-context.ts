import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../env.ts";
import type { AppDeps } from "../deps.ts";
import { peerOf, resolveClientIp } from "../lib/client-ip.ts";
import { maskSecrets } from "../lib/mask-secrets.ts";
import { completeHeaders, everyResponse } from "./reply.ts";
import { noRoute } from "./errors.ts";
import { syncMiddleware } from "../lib/flat-router.ts";
import { requestHeader } from "../lib/request-header.ts";

/**
 * The route that answered, as registered (`/api/v1/products/:sku`), never the URL: the
 * histogram's `http_route`. Paths no route knows share one value.
 */
function routeTemplate(c: Context<AppEnv>) {
  const route = matchedRoutes(c)[c.req.routeIndex];
  return !route || route.handler === noRoute ? "unmatched" : route.path;
}

// Unique per process start and per request; it only needs to find log lines, not be secret.
const processTag = randomBytes(6).toString("base64url");
let sequence = 0;

/**
 * X-Forwarded-For from a loopback or private peer that TRUSTED_PROXIES does not name: almost
 * always a reverse proxy nobody told us about. Then every client behind it has the proxy's
 * address, and "Add current IP" on that address lets all of them in.
 */
const untrustedProxyWarning = (peer: string) =>
  `Requests from ${peer} carry X-Forwarded-For, but TRUSTED_PROXIES does not name ${peer}. ` +
  `If it is your reverse proxy, every client behind it looks like ${peer} to allow-lists, history and the audit log: ` +
  `set TRUSTED_PROXIES=${peer} (or the proxy's range) and restart Gatehouse.`;

/**
 * Gives every request an id (echoed as `X-Request-Id`), the headers every response carries
 * (see reply.ts), and writes one access-log line. The path is logged without its query string:
 * a query may carry a secret someone pasted there. Notes (and logs once) when a proxy that is
 * not trusted forwards for its clients.
 */
export const requestContext = (deps: AppDeps) => {
  // Once per process: the condition holds for every request until the configuration changes.
  let warned = false;
  const metrics = deps.metrics;
  return syncMiddleware<AppEnv>((c, next) => {
    sequence += 1;
    const requestId = `req_${processTag}${sequence.toString(36)}`;
    c.set("requestId", requestId);
    c.set("replyHeaders", everyResponse(requestId));
    // One rule for the client address, used by the integration API, history, the admin's
    // "current IP" and the audit log alike.
    const peer = peerOf(c, deps.trustedProxies);
    const viaTrustedProxy = peer.trusted;
    // From Node's raw list: on a Bearer call the adapter's lookup was the only thing still
    // building its header object.
    const forwardedFor = requestHeader(c, "x-forwarded-for");
    c.set("clientIp", viaTrustedProxy ? resolveClientIp(peer.address, forwardedFor, deps.trustedProxies) : peer.address);
    if (forwardedFor !== undefined && peer.untrustedPrivate) {
      c.set("untrustedProxy", true);
      if (!warned) {
        warned = true;
        deps.logger.warn(untrustedProxyWarning(peer.address), { peer: peer.address });
      }
    }
    // PUBLIC_ORIGIN says how browsers reach us, whatever the hop to us looks like.
    const publicOrigin = deps.config.PUBLIC_ORIGIN;
    c.set(
      "secure",
      publicOrigin
        ? publicOrigin.startsWith("https:")
        : c.req.url.startsWith("https:") || (viaTrustedProxy && requestHeader(c, "x-forwarded-proto") === "https"),
    );
    const started = performance.now();
    // Synchronous when the rest of the chain is (see lib/flat-router.ts): no turn is spent here.
    const done = next();
    if (done instanceof Promise) return done.then(() => finish(c, started));
    finish(c, started);
  });

  function finish(c: Context<AppEnv>, started: number) {
    completeHeaders(c);
    const ms = performance.now() - started;
    if (metrics) metrics.observeRequest(routeTemplate(c), c.req.method, c.res.status, ms / 1000);
    deps.logger.request({
      requestId: c.get("requestId"),
      method: c.req.method,
      path: maskSecrets(c.req.path),
      status: c.res.status,
      ip: c.get("clientIp"),
      ms: Math.round(ms * 10) / 10,
    });
  }
};
