import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline style attributes stay allowed: the chart and dialog libraries position elements with them.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers every response gets, JSON included. */
const everyResponse: [string, string][] = [
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "no-referrer"],
  ["X-Frame-Options", "DENY"],
];

/** The admin app's pages also get a CSP that allows no inline or foreign script, and isolation headers. */
const pages: [string, string][] = [
  ["Content-Security-Policy", contentSecurityPolicy],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=()"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
];

const isApi = (path: string) => path.startsWith("/api/") || path === "/healthz";

/**
 * Set before the handler runs, so they travel with the response as it is created: changing
 * headers afterwards would make the Node adapter rebuild every response (a third of the
 * throughput on the integration API).
 */
export const securityHeaders = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    for (const [name, value] of everyResponse) c.header(name, value);
    if (!isApi(c.req.path)) for (const [name, value] of pages) c.header(name, value);
    await next();
  });
