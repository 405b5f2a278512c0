import type { Context } from "hono";
import type { AppDeps } from "../../deps.ts";
import { completeSignature, type PendingSignature } from "../../domain/auth/signed-request.ts";
import type { AppEnv } from "../../env.ts";
import type { SignedMessage } from "../../lib/http-signature.ts";

/** What a signature covers, read from the request as received. */
export const messageOf = <E extends AppEnv>(c: Context<E>): SignedMessage => ({
  method: c.req.method,
  url: c.req.url,
  header: (name) => c.req.header(name),
});

/** Checks a verified signature's digest against the raw body, then claims its nonce. */
export const finishSignature = <E extends AppEnv>(deps: AppDeps, c: Context<E>, pending: PendingSignature) =>
  completeSignature(pending, () => c.req.arrayBuffer(), deps.nonces.claim);
