import type { IpMatcher } from "@gatehouse/shared";
import type { HttpBindings } from "@hono/node-server";
import type { Config } from "./config.ts";
import type { Store } from "./db/client.ts";
import type { SessionUser } from "./domain/admin/sessions.ts";
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
  limits: {
    /** Failed admin sign-ins per username and address. */
    adminSignIn: Limiter;
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
  };
};
