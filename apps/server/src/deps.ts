import type { Config } from "./config.ts";
import type { Store } from "./db/client.ts";
import type { AppDeps } from "./env.ts";
import type { Clock } from "./lib/clock.ts";
import { parseTrustedProxies } from "./lib/client-ip.ts";
import { memoryLimiter } from "./lib/limiter.ts";
import type { Logger } from "./logger.ts";

/** Wires the per-process state (limiters, caches, recorder) around a store; one place for main, CLI and tests. */
export function createDeps(config: Config, store: Store, clock: Clock, logger: Logger): AppDeps {
  return {
    config,
    store,
    clock,
    logger,
    trustedProxies: parseTrustedProxies(config.TRUSTED_PROXIES).matcher,
    credentialChanged: () => {},
    limits: {
      adminSignIn: memoryLimiter(5, 15 * 60),
    },
  };
}
