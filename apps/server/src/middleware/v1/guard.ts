import { type ApiCall, operations } from "@gatehouse/shared";
import type { Context, Next } from "hono";
import { authenticate, enforceRateLimit, requireScope } from "./authenticate.ts";
import type { CredentialAuth, TokenAuth } from "../../domain/auth/cache.ts";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { limitApiBody, refuseSecretsInUrl, requireJsonBody } from "./hygiene.ts";
import { leakedTokenRevoker } from "../secrets-in-url.ts";
import type { PendingSignature } from "../../domain/auth/signed-request.ts";
import { finishSignature } from "./signature.ts";
import { syncMiddleware } from "../../lib/flat-router.ts";

/**
 * Who is calling: the credential, the token when the call used one (not Basic), and a verified
 * signature whose digest and nonce are checked once the body is read (null when unsigned).
 */
/** `keyHash`: the hash of the key the call was made with (a token's key for Bearer; null for a signature alone). */
export type Caller = { credential: CredentialAuth; token: TokenAuth | null; signature: PendingSignature | null; keyHash: string | null };

/** An authenticated integration call: what `guard` provides. */
export type CallerEnv = IntegrationEnv & { Variables: { caller: Caller } };

/**
 * Every integration route starts here: name the call (so history records it whatever happens
 * next), refuse secrets in the URL, authenticate, check the scope, refuse non-JSON bodies, count
 * the rate limit, cap the body. The scope comes from the operations table, which the OpenAPI
 * document is built from too.
 */
export const guard = (deps: AppDeps, call: Exclude<ApiCall, "login">) => {
  const { scope } = operations[call];
  const revokeLeaked = leakedTokenRevoker(deps);
  // Synchronous for a good Bearer token on a key without a rate limit (see lib/flat-router.ts).
  const admit = (c: Context<CallerEnv>, next: Next, caller: Caller) => {
    // Authenticated from here: history keeps this key's refusals (scope, body, rate limit) apart.
    c.set("caller", caller);
    requireScope(caller.credential, scope);
    // After authentication: a stranger learns nothing from a body check, and the key's History
    // shows its own call refused for its body.
    requireJsonBody(c);
    const { signature } = caller;
    // A signed call's nonce is claimed before the rate limit counts it: a captured request
    // replayed is turned away as reused, and cannot spend the key's allowance (a review's find).
    if (signature !== null) {
      return limitApiBody(c, async () => {
        await finishSignature(deps, c, signature);
        await enforceRateLimit(deps, c, caller.credential);
        await next();
      });
    }
    if (caller.credential.rateLimit !== null) return enforceRateLimit(deps, c, caller.credential).then(() => limitApiBody(c, next));
    return limitApiBody(c, next);
  };
  return syncMiddleware<CallerEnv>((c, next) => {
    c.set("call", call);
    const refused = refuseSecretsInUrl(c, revokeLeaked);
    if (refused) return refused;
    const authenticated = authenticate(deps, c);
    if (authenticated instanceof Promise) return authenticated.then((caller) => admit(c, next, caller));
    return admit(c, next, authenticated);
  });
};

/**
 * For what no guard covers: `/healthz`, the OpenAPI document and paths no route knows. A secret
 * in their URL is refused (and a token in it ended) as on every call, though no call is named.
 */
export const refuseSecretsUnguarded = (deps: AppDeps) => {
  const revokeLeaked = leakedTokenRevoker(deps);
  return syncMiddleware<IntegrationEnv>((c, next) => refuseSecretsInUrl(c, revokeLeaked) ?? next());
};

/** Login authenticates itself; it is named and checked the same way first. */
export const loginGate = (deps: AppDeps) => {
  const revokeLeaked = leakedTokenRevoker(deps);
  return syncMiddleware<IntegrationEnv>((c, next) => {
    c.set("call", "login");
    const refused = refuseSecretsInUrl(c, revokeLeaked);
    if (refused) return refused;
    requireJsonBody(c, true);
    // A signed login's digest is checked on the raw bytes: they are read first, before the form
    // or JSON parser (which re-encodes) sees them.
    if (c.req.header("signature-input") === undefined) return limitApiBody(c, next);
    return limitApiBody(c, async () => {
      await c.req.arrayBuffer();
      await next();
    });
  });
};
