import type { ApiCall, Scope } from "@gatehouse/shared";
import { createMiddleware } from "hono/factory";
import { authenticate, enforceRateLimit, requireScope } from "../../domain/auth/authenticate.ts";
import type { AppDeps, AppEnv } from "../../env.ts";
import { limitApiBody, refuseSecretsInUrl, requireJsonBody } from "./hygiene.ts";

/**
 * Every integration route starts here: name the call (so history records it whatever happens
 * next), refuse secrets in the URL and non-JSON bodies, authenticate, check the scope, count
 * the rate limit, cap the body.
 */
export const guard = (deps: AppDeps, call: ApiCall, scope: Scope | null) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("call", call);
    refuseSecretsInUrl(c);
    requireJsonBody(c);
    const caller = await authenticate(deps, c);
    requireScope(caller.credential, scope);
    await enforceRateLimit(deps, c, caller.credential);
    c.set("caller", caller);
    return limitApiBody(c, next);
  });

/** Login authenticates itself; it is named and checked the same way first. */
export const loginGate = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("call", "login");
    refuseSecretsInUrl(c);
    requireJsonBody(c, true);
    return limitApiBody(c, next);
  });
