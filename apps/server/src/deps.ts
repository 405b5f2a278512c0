import { availableParallelism } from "node:os";
import type { Config } from "./config.ts";
import type { Store } from "./db/client.ts";
import type { AppDeps } from "./env.ts";
import type { Clock } from "./lib/clock.ts";
import { parseTrustedProxies } from "./lib/client-ip.ts";
import { AuthCache } from "./domain/auth/cache.ts";
import { sqliteHistoryRecorder } from "./domain/history/sqlite-recorder.ts";
import { signInAttemptLog } from "./domain/admin/attempts.ts";
import { memoryLimiter, type Limiter } from "./lib/limiter.ts";
import { workQueue } from "./lib/work-queue.ts";
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
    signIn: {
      perUserAndAddress: memoryLimiter(5, 15 * 60, clock),
      perAddress: memoryLimiter(20, 15 * 60, clock),
      perAccount: memoryLimiter(20, 60 * 60, clock),
      // One core is left to answer requests: on 2 cores, 4 Argon2 threads starved the event loop
      // and 400 parallel sign-ins took 2.8 s to even reach a real one.
      passwordChecks: workQueue(Math.max(availableParallelism() - 1, 1), 16),
      attempts: signInAttemptLog(store.db),
    },
    limits: {
      apiFailures: memoryLimiter(10, 5 * 60, clock),
      apiFailuresPerAddress: memoryLimiter(100, 5 * 60, clock),
      perCredential: (requestsPerMinute) => {
        let limiter = perCredential.get(requestsPerMinute);
        if (!limiter) perCredential.set(requestsPerMinute, (limiter = memoryLimiter(requestsPerMinute, 60, clock)));
        return limiter;
      },
    },
  };
}
