import { isWellFormedKey, isWellFormedToken } from "@gatehouse/shared";
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps.ts";
import { revokeToken } from "../domain/auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { sha256 } from "../lib/hash.ts";
import { looksSecret, maskSecrets } from "../lib/mask-secrets.ts";

/** The query parameter names the contract refuses, compared without case, `-` or `_`. */
export const contractSecretNames = ["key", "api_key", "apikey", "api_token", "token", "access_token", "password", "secret", "signature"];

/** Compared without case, `-` or `_`: api_key, API-KEY and apiKey are one name. */
export const normalName = (name: string) => name.toLowerCase().replace(/[-_]/g, "");

/**
 * The real keys and tokens in `text` (well-formed, checksum included), whatever surrounds them:
 * found as secret scanners find them, `gt_` and 49 characters even with letters glued on either
 * side (`x=agt_…`), a key from its `gk_` to the end of its run.
 */
export function leakedIn(text: string) {
  const tokens = Array.from(text.matchAll(/gt_[0-9A-Za-z]{49}/g), ([match]) => match).filter(isWellFormedToken);
  const key = Array.from(text.matchAll(/gk_[0-9A-Za-z]+/g), ([match]) => match).some(isWellFormedKey);
  return { key, tokens };
}

/** The 400 for a URL with a secret in `field`, saying what the client must do now. */
export function leakRefusal(leaked: ReturnType<typeof leakedIn>, field: string) {
  return new ApiError(
    "invalid_request",
    leaked.key
      ? "An API key was sent in the URL, where proxies and browsers keep it: regenerate that key, and send keys in the Authorization header or the login body."
      : leaked.tokens.length > 0
        ? "A token was sent in the URL, where proxies and browsers keep it, so it has been revoked. Log in again and send the token in the Authorization header."
        : "Credentials and tokens are not accepted in the URL. Send them in the Authorization header or the login body.",
    { fields: { [field]: "Not allowed in the URL" } },
  );
}

/**
 * Ends a token found in a URL, and answers its key's id (null when no key had it): a token in a
 * URL is as good as published, whoever sent it. A failed delete is logged (the call is refused
 * all the same).
 */
export const leakedTokenRevoker = (deps: AppDeps) => (tokenHash: string) =>
  revokeToken(deps.store.repos, deps.authCache, tokenHash, deps.changes.published).catch((error: unknown) => {
    deps.logger.error("revoking a leaked token failed", { error: String(error) });
    return null;
  });

/**
 * The path as the client sent it, percent-decoded. The URL the app sees has its dot segments
 * resolved (`/v1/gt_…/../session` is `/v1/session`), which would let a token through that every
 * proxy on the way has logged. Without the adapter (tests calling the app directly), the app's path.
 */
export function sentPath<E extends AppEnv>(c: Context<E>): string {
  const target = c.env?.incoming?.url;
  if (target === undefined) return c.req.path;
  const query = target.indexOf("?");
  const path = query === -1 ? target : target.slice(0, query);
  if (!path.includes("%")) return path;
  // Each escape on its own, as Hono decodes: one bad escape (`%FF`, `%zz`) must not leave the
  // rest (`%67t_…`) undecoded.
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const refusedNames = new Set(contractSecretNames.map(normalName));

/**
 * The contract's rule on every path outside `/api/v1` and `/healthz` (whose guards apply it and
 * record the call): the admin API, `/metrics` and the app's pages. A query parameter holding a
 * real key or token, or named as the contract lists, is refused with 400, and so is a path
 * holding one (`/apis/gt_…`); a token found is ended first. Only real ones count here: the admin
 * app's own parameters (a history cursor, a username filter) may look like anything else.
 */
export function refuseSecretsInPageUrls(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const revokeLeaked = leakedTokenRevoker(deps);
  const refuse = async (leaked: ReturnType<typeof leakedIn>, field: string) => {
    await Promise.all(leaked.tokens.map((token) => revokeLeaked(sha256(token))));
    throw leakRefusal(leaked, field);
  };
  return async (c, next) => {
    const path = sentPath(c);
    if (looksSecret(path)) {
      const leaked = leakedIn(path);
      if (leaked.key || leaked.tokens.length > 0) await refuse(leaked, "path");
    }
    if (c.req.url.includes("?")) {
      for (const [name, value] of new URL(c.req.url).searchParams) {
        const leaked = leakedIn(`${name} ${value}`);
        if (leaked.key || leaked.tokens.length > 0 || refusedNames.has(normalName(name))) await refuse(leaked, maskSecrets(name));
      }
    }
    await next();
  };
}
