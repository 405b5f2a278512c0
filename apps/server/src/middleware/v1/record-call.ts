import { anyAddressOf, apiOutcomes, type ApiOutcome } from "@gatehouse/shared";
import type { Context } from "hono";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { isApiUsername } from "../../domain/auth/verify-key.ts";
import { ApiError } from "../../lib/api-error.ts";
import { perMinuteBudget } from "../../lib/flood-budget.ts";
import { syncMiddleware } from "../../lib/flat-router.ts";
import { clipped, headerText } from "../../lib/header-text.ts";
import { requestHeader } from "../../lib/request-header.ts";

const isOutcome = (code: string): code is ApiOutcome => (apiOutcomes as readonly string[]).includes(code);

/**
 * Hands every named /api/v1 call — allowed or refused — to the history recorder after it is
 * answered, and marks every /api/v1 answer `no-store`. A tried username is kept only when it
 * looks like one, so a key pasted into the username field never lands in history. A call refused
 * because its address spent its failures is recorded under that address's bucket, without the
 * username (see ApiError.throttledAddress): such floods cannot write a row per attempt.
 *
 * An address's refusals are bounded that way, but not a flood from many addresses (each /64 of
 * a /48 gets its own 100 failures). So each minute, refused calls that no key was authenticated
 * for write at most 100 rows of their own (address and username) for each key and outcome (and
 * for usernames no key has), so a flood of made-up names cannot hide the addresses of attempts
 * on a real key, nor one throttled address (one row) the others; the rest of that minute's
 * are recorded under `0.0.0.0/0` or `::/0` without a username, one row a minute for each call
 * and outcome (and key, when the username was a key's). A day of a flood of made-up names is at
 * most 144,000 rows, which the Activity page's "top denied addresses" reads in 0.1–0.2 s
 * (864,000 at 600 a minute: 0.9 s, with every other request waiting).
 */
export const REFUSALS_KEPT_APART_PER_MINUTE = 100;

export const recordCall = (deps: AppDeps) => {
  const keptApart = perMinuteBudget(REFUSALS_KEPT_APART_PER_MINUTE);
  const record = (c: Context<IntegrationEnv>) => {
    const call = c.get("call");
    if (!call) return;
    const error = c.error instanceof ApiError ? c.error : undefined;
    const status = c.res.status;
    const at = deps.clock();
    // A served call is ok unless authentication noted otherwise (ip_not_listed in Report only).
    const outcome: ApiOutcome = status < 400 ? (c.get("outcome") ?? "ok") : (error?.outcome ?? (error && isOutcome(error.code) ? error.code : "error"));
    const credentialId = c.get("credentialId") ?? null;
    const ip = error?.throttledAddress ?? c.get("clientIp");
    const tried = error?.throttledAddress === undefined ? c.get("attemptedUsername") : undefined;
    const username = credentialId === null && tried && isApiUsername(tried) ? tried : null;
    // The guard sets `caller` once a key is authenticated; IntegrationEnv does not name it.
    const flooded =
      status >= 400 &&
      (c.var as { caller?: unknown }).caller === undefined &&
      !keptApart(at, `${credentialId ?? ""}\u0000${outcome}`, `${call}\u0000${ip}\u0000${username ?? ""}`);
    if (deps.metrics) deps.metrics.countCall(call, outcome);
    deps.history.record({
      credentialId,
      username: flooded ? null : username,
      call,
      ip: flooded ? anyAddressOf(ip) : ip,
      outcome,
      status,
      userAgent: clipped(headerText(requestHeader(c, "user-agent") ?? ""), 200),
      requestId: c.get("requestId"),
      at,
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
