import { apiOutcomes, type ApiOutcome } from "@gatehouse/shared";
import type { Context } from "hono";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { isApiUsername } from "../../domain/auth/verify-key.ts";
import { ApiError } from "../../lib/api-error.ts";
import { syncMiddleware } from "../../lib/flat-router.ts";
import { requestHeader } from "../../lib/request-header.ts";

const isOutcome = (code: string): code is ApiOutcome => (apiOutcomes as readonly string[]).includes(code);

/**
 * Hands every named /api/v1 call — allowed or refused — to the history recorder after it is
 * answered, and marks every /api/v1 answer `no-store`. A tried username is kept only when it
 * looks like one, so a key pasted into the username field never lands in history. A call refused
 * because its address spent its failures is recorded under that address's bucket, without the
 * username (see ApiError.throttledAddress): such floods cannot write a row per attempt.
 */
export const recordCall = (deps: AppDeps) => {
  const record = (c: Context<IntegrationEnv>) => {
    const call = c.get("call");
    if (!call) return;
    const error = c.error instanceof ApiError ? c.error : undefined;
    const status = c.res.status;
    // A served call is ok unless authentication noted otherwise (ip_not_listed in Report only).
    const outcome: ApiOutcome = status < 400 ? (c.get("outcome") ?? "ok") : (error?.outcome ?? (error && isOutcome(error.code) ? error.code : "error"));
    const credentialId = c.get("credentialId") ?? null;
    const attempted = error?.throttledAddress === undefined ? c.get("attemptedUsername") : undefined;
    if (deps.metrics) deps.metrics.countCall(call, outcome);
    deps.history.record({
      credentialId,
      username: credentialId === null && attempted && isApiUsername(attempted) ? attempted : null,
      call,
      ip: error?.throttledAddress ?? c.get("clientIp"),
      outcome,
      status,
      userAgent: (requestHeader(c, "user-agent") ?? "").slice(0, 200),
      requestId: c.get("requestId"),
      at: deps.clock(),
    });
  };
  return syncMiddleware<IntegrationEnv>((c, next) => {
    // Every integration answer, refusals included, is not to be cached.
    c.get("replyHeaders")["cache-control"] = "no-store";
    // Synchronous when the rest of the chain is (see lib/flat-router.ts).
    const done = next();
    if (done instanceof Promise) return done.then(() => record(c));
    record(c);
  });
};
