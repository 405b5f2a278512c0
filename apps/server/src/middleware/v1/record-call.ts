import { apiOutcomes, type ApiOutcome } from "@gatehouse/shared";
import { createMiddleware } from "hono/factory";
import type { AppDeps, AppEnv } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";

const validUsername = /^[A-Za-z0-9._-]{3,20}$/;
const isOutcome = (code: string): code is ApiOutcome => (apiOutcomes as readonly string[]).includes(code);

/**
 * Hands every named /api/v1 call — allowed or refused — to the history recorder after it is
 * answered. A tried username is kept only when it looks like one, so a key pasted into the
 * username field never lands in history.
 */
export const recordCall = (deps: AppDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const call = c.get("call");
    if (!call) return;
    const error = c.error instanceof ApiError ? c.error : undefined;
    const status = c.res.status;
    const outcome: ApiOutcome = status < 400 ? "ok" : (error?.outcome ?? (error && isOutcome(error.code) ? error.code : "error"));
    const credentialId = c.get("credentialId") ?? null;
    const attempted = c.get("attemptedUsername");
    deps.history.record({
      credentialId,
      username: credentialId === null && attempted && validUsername.test(attempted) ? attempted : null,
      call,
      ip: c.get("clientIp"),
      outcome,
      status,
      userAgent: (c.req.header("user-agent") ?? "").slice(0, 200),
      at: deps.clock(),
    });
  });
