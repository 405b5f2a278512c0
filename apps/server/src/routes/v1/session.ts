import { fieldErrors, loginSchema, type LoginResponse, type SessionResponse } from "@gatehouse/shared";
import type { Context } from "hono";
import { Hono } from "hono";
import { enforceRateLimit, identify } from "../../middleware/v1/authenticate.ts";
import { checkKey } from "../../domain/auth/check-key.ts";
import { checkSignatureOf } from "../../domain/auth/signed-request.ts";
import { finishSignature, messageOf } from "../../middleware/v1/signature.ts";
import { issueToken, revokeToken } from "../../domain/auth/tokens.ts";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { invalid } from "../../lib/api-error.ts";
import { toIso, toIsoOrNull } from "../../lib/time.ts";
import { guard, loginGate } from "../../middleware/v1/guard.ts";
import { replyEmpty, replyJson } from "../../middleware/reply.ts";

async function readLogin(c: Context<IntegrationEnv>) {
  const isForm = (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
  let body: unknown;
  try {
    body = isForm ? await c.req.parseBody() : await c.req.json();
  } catch {
    throw invalid({ body: "The body is not valid JSON" }, "The request body could not be read");
  }
  const parsed = loginSchema.safeParse(body);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues), "Send username and key");
  return parsed.data;
}

/** POST /login, GET /session, POST /logout. */
export const sessionRoutes = (deps: AppDeps) =>
  new Hono<IntegrationEnv>()
    .post("/login", loginGate(deps), async (c) => {
      const ip = c.get("clientIp");
      const { username, key } = await readLogin(c);
      const now = deps.clock();
      const check = await checkKey(deps, ip, username, key, (who) => identify(c, who));
      const { signing } = check.credential;
      const signature = signing === null ? null : checkSignatureOf(messageOf(c), check.credential, signing, now);
      if (signature) await finishSignature(deps, c, signature);
      if (check.notListed) c.set("outcome", "ip_not_listed");
      if (check.credential.rateLimit !== null) await enforceRateLimit(deps, c, check.credential);
      const issued = await issueToken(deps.authCache, now, deps.config.TOKEN_TTL_SECONDS * 1000, check.credential, check.keyHash, ip);
      const body: LoginResponse = { token: issued.token, expires_at: toIso(issued.expiresAt), scopes: check.credential.scopeList };
      return replyJson(c, body);
    })
    .get("/session", guard(deps, "session"), (c) => {
      const caller = c.get("caller");
      const body: SessionResponse = {
        username: caller.credential.username,
        scopes: caller.credential.scopeList,
        ip: c.get("clientIp"),
        // A token's end; for Basic or a signature alone, the key's own expiry.
        expires_at: toIsoOrNull(caller.token?.expiresAt ?? caller.credential.expiresAt),
      };
      return replyJson(c, body);
    })
    .post("/logout", guard(deps, "logout"), async (c) => {
      const { token } = c.get("caller");
      if (token) await revokeToken(deps.store.repos, deps.authCache, token.tokenHash, deps.changes.published);
      return replyEmpty(c, 204);
    });
