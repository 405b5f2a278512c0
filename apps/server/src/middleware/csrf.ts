import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for the cookie-authenticated admin API: a state-changing request must come from
 * this origin (Fetch Metadata, then Origin) and carry JSON, which no HTML form can send.
 * "This origin" is PUBLIC_ORIGIN when set. Otherwise it is the Host the request names, which the
 * sender chooses: a DNS-rebinding page sends its own name there and matches itself.
 */
export const csrfProtection = (publicOrigin?: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    if (site && site !== "same-origin" && site !== "none") {
      throw new ApiError("forbidden", "Cross-site requests are not allowed");
    }
    const origin = c.req.header("origin");
    if (origin && !(publicOrigin ? sameOrigin(origin, publicOrigin) : sameHost(origin, new URL(c.req.url).host))) {
      throw new ApiError("forbidden", "Cross-site requests are not allowed");
    }
    // HTML forms always send a Content-Type, and never this one.
    const type = c.req.header("content-type");
    if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new ApiError("unsupported_media_type", "Send the body as application/json");
    }
    await next();
  });

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Scheme, host and port all match; `expected` is already normalised by the config. */
function sameOrigin(origin: string, expected: string): boolean {
  try {
    return new URL(origin).origin === expected;
  } catch {
    return false;
  }
}
