import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
import type { AppEnv } from "../env.ts";

/**
 * Every response's headers are collected in one plain object per request (`replyHeaders`),
 * and the integration API and /healthz answer with it as it is: the Node adapter writes a plain
 * object straight to the socket, while a `Headers` object (what `c.header()` builds) has to be
 * copied entry by entry. That copy cost a third of the throughput on small answers.
 */
export type ReplyHeaders = Record<string, string>;

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

/** Headers every response gets, JSON included (lower case: one spelling per header). */
export const everyResponse = (requestId: string): ReplyHeaders => ({
  "x-request-id": requestId,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
});

/** The admin app's pages also get a CSP that allows no inline or foreign script, and isolation headers. */
const pages: ReplyHeaders = {
  "content-security-policy": contentSecurityPolicy,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "strict-transport-security": "max-age=15552000; includeSubDomains",
};

const isApi = (path: string) => path.startsWith("/api/") || path === "/healthz";

/** The request's collected headers (made here if an error struck before request-context ran). */
export function replyHeadersOf<E extends AppEnv>(c: Context<E>): ReplyHeaders {
  let headers = c.get("replyHeaders");
  if (!headers) {
    headers = everyResponse(c.get("requestId") ?? "unknown");
    c.set("replyHeaders", headers);
  }
  return headers;
}

/**
 * Answers JSON with the request's collected headers. Headers set with `c.header()` are not
 * included: on a path that answers through here, add them to `c.var.replyHeaders` instead.
 */
export function replyJson<T, S extends ContentfulStatusCode = 200, E extends AppEnv = AppEnv>(c: Context<E>, body: T, status?: S) {
  return replySerialized<T, S, E>(c, JSON.stringify(body), status);
}

/** `replyJson` for a body serialised once beforehand (an answer that never changes). */
export function replySerialized<T, S extends ContentfulStatusCode = 200, E extends AppEnv = AppEnv>(c: Context<E>, json: string, status?: S) {
  const headers = replyHeadersOf(c);
  headers["content-type"] = "application/json";
  const response = new Response(json, { status: status ?? 200, headers });
  c.set("replied", response);
  return response as Response & TypedResponse<JSONParsed<T>, S, "json">;
}

/** A bodiless answer (204) with the request's collected headers. */
export function replyEmpty<E extends AppEnv>(c: Context<E>, status: 204) {
  const response = new Response(null, { status, headers: replyHeadersOf(c) });
  c.set("replied", response);
  return response as Response & TypedResponse<null, 204, "body">;
}

/**
 * For responses made by Hono's helpers (the admin API, the SPA, files): adds the collected
 * headers, without overriding one the route set itself, and the page headers outside the API.
 */
export function completeHeaders<E extends AppEnv>(c: Context<E>) {
  if (c.get("replied") === c.res) return;
  const target = c.res.headers;
  const add = (headers: ReplyHeaders) => {
    for (const name in headers) if (!target.has(name)) target.set(name, headers[name] as string);
  };
  add(replyHeadersOf(c));
  if (!isApi(c.req.path)) add(pages);
}
