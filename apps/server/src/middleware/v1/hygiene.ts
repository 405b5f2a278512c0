import type { Context } from "hono";
import { isCatalogCursor } from "../../domain/catalog/cursor.ts";
import type { AppEnv, IntegrationEnv } from "../../env.ts";
import { ApiError, invalid } from "../../lib/api-error.ts";
import { sha256 } from "../../lib/hash.ts";
import { limitBody } from "../body-limit.ts";
import { looksSecret, maskSecrets } from "../../lib/mask-secrets.ts";
import { contractSecretNames, leakedIn, leakRefusal, normalName, sentPath } from "../secrets-in-url.ts";

// The contract's names (OpenCart's api_token among them), the usual names for sessions and
// bearer tokens, and the names this API refused before.
const secretNames = new Set([...contractSecretNames, "bearer", "jwt", "session", "sid", "auth", "authorization", "username", "user"].map(normalName));
// client_secret, refresh_token, x-api-key, private_key…: the name says what the value is.
const secretSuffixes = ["token", "secret", "password", "apikey", "privatekey", "signature"];

const isSecretName = (name: string) => {
  const normal = normalName(name);
  return secretNames.has(normal) || secretSuffixes.some((suffix) => normal.endsWith(suffix));
};

/**
 * Refuses credentials in the URL: URLs end up in proxy logs, browser history and referrers.
 * In the query, a value is refused when any part of it is shaped like a key or token, whatever its case and
 * whatever surrounds it (`+`, which decodes to a space, `Bearer `…), so a disguised one is
 * refused too; the one exception is a page cursor, whose 43 characters can look like a token.
 * The refusal echoes neither the value nor a secret-shaped name, and history records the call
 * without its URL. (Our own logs never record query strings.)
 */
export function refuseSecretsInUrl<E extends IntegrationEnv>(c: Context<E>, revokeToken: RevokeLeaked): Promise<never> | undefined {
  // In the path (`/products/gt_…`) only a real key or token is refused: a SKU may hold `gt_`.
  const path = sentPath(c);
  if (looksSecret(path)) {
    const refused = refuseLeaked(c, path, "path", revokeToken, true);
    if (refused) return refused;
  }
  if (!c.req.url.includes("?")) return;
  const query = new URL(c.req.url).searchParams;
  for (const [name, value] of query) {
    if (!isSecretName(name) && !looksSecret(name) && (!looksSecret(value) || isCatalogCursor(value))) continue;
    // A long `cursor` that no page gave out is refused as not valid, unless a real key or token is in it.
    if (name === "cursor") {
      const refused = refuseLeaked(c, value, name, revokeToken, true);
      if (refused) return refused;
      throw invalid({ cursor: "cursor is not valid" });
    }
    return refuseLeaked(c, `${name} ${value}`, maskSecrets(name), revokeToken, false);
  }
}

/** Ends a token; answers its key's id (null when no key had it). */
type RevokeLeaked = (tokenHash: string) => Promise<string | null>;

/**
 * Refuses a URL with a secret in `text` (the field named `field`), and ends any token found there:
 * a token in a URL is as good as published, whoever sent it. The refusal waits for the tokens'
 * ends, so it is recorded on their key (why its token stopped working), and a client told "has
 * been revoked" finds it so. Throws at once for a key or a name; with `onlyReal`, text without a
 * well-formed key or token passes.
 */
function refuseLeaked<E extends IntegrationEnv>(c: Context<E>, text: string, field: string, revokeToken: RevokeLeaked, onlyReal: boolean) {
  const leaked = leakedIn(text);
  if (onlyReal && !leaked.key && leaked.tokens.length === 0) return;
  const refusal = leakRefusal(leaked, field);
  if (leaked.tokens.length === 0) throw refusal;
  return Promise.all(leaked.tokens.map((token) => revokeToken(sha256(token)))).then((keys) => {
    const credentialId = keys.find((key) => key !== null);
    if (credentialId) c.set("credentialId", credentialId);
    throw refusal;
  });
}

/** Bodies are JSON (login also takes a form); anything else is 415 before it is read. */
export function requireJsonBody<E extends AppEnv>(c: Context<E>, alsoForm = false) {
  if (c.req.method === "GET" || c.req.method === "HEAD") return;
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || (alsoForm && type === "application/x-www-form-urlencoded")) return;
  // An empty body has no type to get wrong, whatever the client labels it (`curl -d ''` says a
  // form): logout goes through, and a call that needs a body says what is missing. A bodiless
  // POST may also leave out the length.
  const length = c.req.header("content-length");
  if (length === "0" || (length === undefined && type === "" && c.req.method === "POST" && !alsoForm)) return;
  throw new ApiError(
    "unsupported_media_type",
    alsoForm ? "Send the body as application/json or application/x-www-form-urlencoded" : "Send the body as application/json",
  );
}

export const MAX_BODY_BYTES = 64 * 1024;

export const limitApiBody = limitBody(MAX_BODY_BYTES, "The request body is larger than 64 KB");
