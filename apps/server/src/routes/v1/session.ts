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
import { type CallerEnv, guard, loginGate } from "../../middleware/v1/guard.ts";
import { replyEmpty, replyJson, replySerialized } from "../../middleware/reply.ts";
import type { CredentialAuth } from "../../domain/auth/cache.ts";
import { jsonString } from "../../lib/json-text.ts";

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

// The credential's part of GET /session's answer, serialised once per cached credential (a
// change to the key compiles a new one): the call every integration makes most.
const sessionHeads = new WeakMap<CredentialAuth, string>();

/** GET /session's body: `JSON.stringify` of a SessionResponse, field for field, in its order. */
export function sessionJson(credential: CredentialAuth, ip: string, expiresAt: string | null) {
  let head = sessionHeads.get(credential);
  if (head === undefined) {
    head = `{"username":${JSON.stringify(credential.username)},"scopes":${JSON.stringify(credential.scopeList)},"ip":`;
    sessionHeads.set(credential, head);
  }
  return `${head}${jsonString(ip)},"expires_at":${expiresAt === null ? "null" : jsonString(expiresAt)}}`;
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
      const { credential, token, keyHash } = c.get("caller");
      // A token's end; for Basic or a signature alone, the key's own expiry. Made with the key
      // a regeneration replaced, no later than its grace period's end (a review's find: null).
      const replacedKeyEnds = keyHash !== null && keyHash === credential.previousKeyHash ? credential.previousKeyExpiresAt : null;
      const ends = token?.expiresAt ?? credential.expiresAt;
      return replySerialized<SessionResponse, 200, CallerEnv>(
        c,
        sessionJson(
          credential,
          c.get("clientIp"),
          toIsoOrNull(ends === null || replacedKeyEnds === null ? (ends ?? replacedKeyEnds) : Math.min(ends, replacedKeyEnds)),
        ),
      );
    })
    .post("/logout", guard(deps, "logout"), async (c) => {
      const { token } = c.get("caller");
      if (token) await revokeToken(deps.store.repos, deps.authCache, token.tokenHash, deps.changes.published);
      return replyEmpty(c, 204);
    });
