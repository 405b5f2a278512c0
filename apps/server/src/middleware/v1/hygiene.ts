import type { Context } from "hono";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import { limitBody } from "../../lib/body-limit.ts";

const secretParams = new Set(["key", "api_key", "apikey", "api-key", "token", "access_token", "auth", "authorization", "password", "secret", "username", "user"]);

/**
 * Refuses credentials in the URL: URLs end up in proxy logs, browser history and referrers.
 * (Our own logs never record query strings.)
 */
export function refuseSecretsInUrl(c: Context<AppEnv>) {
  if (!c.req.url.includes("?")) return;
  const query = new URL(c.req.url).searchParams;
  for (const [name, value] of query) {
    if (secretParams.has(name.toLowerCase()) || value.startsWith("gk_")) {
      throw new ApiError("invalid_request", "Credentials and tokens are not accepted in the URL. Send them in the Authorization header or the login body.", {
        fields: { [name]: "Not allowed in the URL" },
      });
    }
  }
}

/** Bodies are JSON (login also takes a form); anything else is 415 before it is read. */
export function requireJsonBody(c: Context<AppEnv>, alsoForm = false) {
  if (c.req.method === "GET" || c.req.method === "HEAD") return;
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || (alsoForm && type === "application/x-www-form-urlencoded")) return;
  // A bodiless POST such as logout needs no type.
  if (type === "" && c.req.method === "POST" && !alsoForm && (c.req.header("content-length") ?? "0") === "0") return;
  throw new ApiError("unsupported_media_type", alsoForm ? "Send the body as application/json or application/x-www-form-urlencoded" : "Send the body as application/json");
}

export const MAX_BODY_BYTES = 64 * 1024;

export const limitApiBody = limitBody(MAX_BODY_BYTES, "The request body is larger than 64 KB");
