import type { ApiCall, ApiOutcome, IpMatcher } from "@gatehouse/shared";
import type { AuthCache, CredentialAuth, TokenAuth } from "./domain/auth/cache.ts";
import type { HistoryRecorder } from "./domain/history/recorder.ts";
import type { HttpBindings } from "@hono/node-server";
import type { Config } from "./config.ts";
import type { Store } from "./db/client.ts";
import type { SessionUser } from "./domain/admin/sessions.ts";
import type { SignInGuards } from "./domain/admin/sign-in.ts";
import type { Limiter } from "./lib/limiter.ts";
import type { Clock } from "./lib/clock.ts";
import type { Logger } from "./logger.ts";

/** What every route and domain function may depend on; tests build their own. */
export type AppDeps = {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** TRUSTED_PROXIES, compiled: whose X-Forwarded-For we believe. */
  trustedProxies: IpMatcher;
  /** Tells this process's caches that a credential changed (other processes notice via the database). */
  credentialChanged: (credentialId: string) => void;
  /** Credentials and tokens for the integration API's auth path. */
  authCache: AuthCache;
  history: HistoryRecorder;
  /** Admin sign-in throttles, account lock, password-check queue and folded attempt log. */
  signIn: SignInGuards;
  limits: {
    /** Failed integration logins and Basic calls per username and address (a /64 for IPv6). */
    apiFailures: Limiter;
    /** Failed integration logins, Basic calls and unknown tokens per address, across usernames. */
    apiFailuresPerAddress: Limiter;
    /** Each credential's own requests-per-minute limit; one limiter per distinct limit. */
    perCredential: (requestsPerMinute: number) => Limiter;
  };
};

export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    clientIp: string;
    /** Whether the browser reached us over HTTPS (directly or through a trusted proxy). */
    secure: boolean;
    admin: SessionUser | undefined;
    /** Integration API: which call this is, who made it and how it ended, for history. */
    call: ApiCall | undefined;
    caller: { credential: CredentialAuth; token: TokenAuth | null } | undefined;
    credentialId: string | undefined;
    attemptedUsername: string | undefined;
    outcome: ApiOutcome | undefined;
  };
};
