import { availableParallelism } from "node:os";
import type { IpMatcher } from "@gatehouse/shared";
import type { Config } from "./config.ts";
import type { Store } from "./db/client.ts";
import type { Clock } from "./lib/clock.ts";
import { parseTrustedProxies } from "./lib/client-ip.ts";
import { AuthCache } from "./domain/auth/cache.ts";
import type { HistoryRecorder } from "./domain/history/recorder.ts";
import { sqliteHistoryRecorder } from "./domain/history/sqlite-recorder.ts";
import { signInAttemptLog } from "./domain/admin/attempts.ts";
import type { SignInGuards } from "./domain/admin/sign-in.ts";
import { memoryLimiter, type Limiter } from "./lib/limiter.ts";
import { workQueue } from "./lib/work-queue.ts";
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
