import type { Config } from "./config.ts";
import type { Store } from "./db/client.ts";
import type { AppDeps } from "./env.ts";
import type { Clock } from "./lib/clock.ts";
import { parseTrustedProxies } from "./lib/client-ip.ts";
import { AuthCache } from "./domain/auth/cache.ts";
import { sqliteHistoryRecorder } from "./domain/history/sqlite-recorder.ts";
import { memoryLimiter, type Limiter } from "./lib/limiter.ts";
import type { Logger } from "./logger.ts";

/** Wires the per-process state (limiters, caches, recorder) around a store; one place for main, CLI and tests. */
export function createDeps(config: Config, store: Store, clock: Clock, logger: Logger): AppDeps {
  const authCache = new AuthCache(store.db, store.sqlite, clock);
  const perCredential = new Map<number, Limiter>();
  return {
    config,
    store,
    clock,
    logger,
    trustedProxies: parseTrustedProxies(config.TRUSTED_PROXIES).matcher,
    credentialChanged: (id) => authCache.credentialChanged(id),
    authCache,
    history: sqliteHistoryRecorder(store.sqlite, clock, (error) => logger.error("history flush failed", { error: String(error) })),
    limits: {
      adminSignIn: memoryLimiter(5, 15 * 60),
      apiFailures: memoryLimiter(10, 5 * 60),
      perCredential: (requestsPerMinute) => {
        let limiter = perCredential.get(requestsPerMinute);
        if (!limiter) perCredential.set(requestsPerMinute, (limiter = memoryLimiter(requestsPerMinute, 60)));
        return limiter;
      },
    },
  };
}
