import type { Context, ErrorHandler } from "hono";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env.ts";
import type { AppDeps } from "../deps.ts";
import { isDatabaseUnreachable, isUnstorableText, RETRY_AFTER_SECONDS } from "../db/unreachable.ts";
import { ApiError } from "../lib/api-error.ts";
import { maskSecrets } from "../lib/mask-secrets.ts";
import { replyHeadersOf, replyJson } from "./reply.ts";

/** Maps anything thrown to the error envelope; only a 5xx is logged, with its stack. */
// An outage fails every call that needs the database: it is logged once a minute per process
// (the admin and integration apps share this), not per call.
const outageLoggedAt = new WeakMap<AppDeps, number>();

export const handleError = (deps: AppDeps): ErrorHandler<AppEnv> => {
  return (error, c) => {
    const apiError = bodyCutOff(c) ? new ApiError("invalid_request", "The request's body did not arrive in full") : toApiError(error);
    if (apiError.code === "unavailable") {
      if (deps.clock() - (outageLoggedAt.get(deps) ?? Number.NEGATIVE_INFINITY) >= 60_000) {
        deps.logger.warn("the database is not answering; calls that need it get 503", { error: String(error) });
        outageLoggedAt.set(deps, deps.clock());
      }
    } else if (apiError.status >= 500) {
      deps.logger.error("unhandled error", {
        request_id: c.get("requestId"),
        path: maskSecrets(c.req.path),
        error: loggable(error),
      });
    }
    return errorResponse(c, apiError);
  };
};

/**
 * An error as the log gets it: its stack, except that a failed statement is logged without its
 * parameters (drizzle writes them into the message, and they can hold key or password hashes),
 * with the database's own message in their place.
 */
export function loggable(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof DrizzleQueryError) {
    const cause = error.cause instanceof Error ? error.cause.message : "no cause given";
    return `Failed query: ${error.query}\n(${error.params.length} parameters, not logged)\ncaused by: ${cause}`;
  }
  return error.stack ?? error.message;
}

export function errorResponse(c: Context<AppEnv>, apiError: ApiError) {
  const headers = replyHeadersOf(c);
  Object.assign(headers, apiError.headers);
  headers["cache-control"] = "no-store";
  return replyJson(c, apiError.envelope(c.get("requestId") ?? "unknown"), apiError.status as 400);
}

/** The answer for a path no route knows (under /api and /api/v1, where the SPA does not take it). */
export const noRoute = (c: Context<AppEnv>) => errorResponse(c, new ApiError("not_found", `No route for ${c.req.method} ${maskSecrets(c.req.path)}`));

/**
 * Whether the client stopped sending its request part-way (it dropped the connection, or was cut
 * off as too slow). Node then fails the body's read with `aborted`, code ECONNRESET: a 400 the
 * client will not see, but which history and metrics record, and not the database outage that
 * code means when postgres.js throws it.
 */
function bodyCutOff(c: Context<AppEnv>) {
  const incoming = c.env?.incoming;
  return incoming?.complete === false && (incoming.destroyed || Boolean(incoming.errored));
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new ApiError("payload_too_large", "The request body is larger than allowed");
    if (error.status === 415) return new ApiError("unsupported_media_type", "Send the body as application/json");
    if (error.status < 500) return new ApiError("invalid_request", error.message || "The request is not valid");
  }
  if (isDatabaseUnreachable(error)) {
    return new ApiError("unavailable", "The database is not answering; try again shortly", { headers: { "retry-after": String(RETRY_AFTER_SECONDS) } });
  }
  if (isUnstorableText(error)) return new ApiError("invalid_request", "The request holds a character that cannot be stored (such as NUL, %00)");
  if (error instanceof SyntaxError || error instanceof URIError) {
    return new ApiError("invalid_request", "The request could not be read");
  }
  return new ApiError("internal", "Something went wrong on our side; the request id helps us find it");
}
