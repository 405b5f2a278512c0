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
import { createMetrics, type Metrics } from "./lib/metrics.ts";
import { webhookDeliveryCounts } from "./domain/webhooks/metrics.ts";
import { redisLimiter } from "./lib/redis-limiter.ts";
import { resilientLimiter, sharedRedis, type SharedRedis } from "./lib/shared-redis.ts";
import { workQueue } from "./lib/work-queue.ts";
import { openSecretBox, type SecretBox } from "./lib/secret-box.ts";
import { type NonceStore, redisNonceStore, tableNonceStore } from "./domain/auth/nonces.ts";
import { credentials } from "./db/schema/index.ts";
import { and, isNotNull, isNull } from "drizzle-orm";
import { watchCalls, type CallWatch } from "./domain/webhooks/call-watch.ts";
import { webhookDeliverer, type WebhookDeliverer } from "./domain/webhooks/deliverer.ts";
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
  /** The server key that seals hmac signing secrets (SECRET_KEY or the key file). */
  secrets: SecretBox;
  /** Nonces of signed requests: Redis when shared, the database table otherwise. */
  nonces: NonceStore;
  /** Sends the webhook outbox; started by the server's background jobs, woken by changes made here. */
  webhooks: WebhookDeliverer;
  /** Raises the events history flushes show (new addresses, denied spikes), after each flush; shutdown waits for it. */
  callWatch: CallWatch;
  /** REDIS_URL's connection, through which instances share limits; null without it. */
  redis: SharedRedis | null;
  /** Admin sign-in throttles, account lock, password-check queue and folded attempt log. */
  signIn: SignInGuards;
  /** What GET /metrics shows; null without METRICS_TOKEN, and then nothing is measured. */
  metrics: Metrics | null;
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
  const sample = store.db
    .select({ sealed: credentials.signingSecret, boundTo: credentials.id })
    .from(credentials)
    .where(and(isNotNull(credentials.signingSecret), isNull(credentials.deletedAt)))
    .get();
  const secrets = openSecretBox(config.SECRET_KEY, config.DATABASE_PATH, sample?.sealed ? { sealed: sample.sealed, boundTo: sample.boundTo } : null);
  const authCache = new AuthCache(store.db, store.sqlite, clock, secrets, config.REDIS_URL !== undefined);
  const perCredential = new Map<number, Limiter>();
  const callWatch = watchCalls(store.repos, clock, {
    onError: (error) => logger.error("webhook call watch failed", { error: String(error) }),
    onRaised: () => webhooks.wake(),
  });
  const webhooks = webhookDeliverer(store.repos, clock, logger, { timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000, settled: callWatch.settled });
  const redis = config.REDIS_URL ? sharedRedis(config.REDIS_URL, logger) : null;
  // The scrape reads the recorder, cache and Redis counts through this, once they exist.
  const metrics = config.METRICS_TOKEN
    ? createMetrics(() => ({
        authCache,
        history,
        redis,
        webhookDeliveries: webhookDeliveryCounts,
        webhookOutbox: () => store.repos.webhooks.countDeliveries(),
      }))
    : null;
  const history = sqliteHistoryRecorder(store.sqlite, clock, (error) => logger.error("history flush failed", { error: String(error) }), 1000, {
    watcher: callWatch.watch,
    onFlushed: metrics?.historyFlushed,
  });
  // Shared through Redis when there is one (falling back to this instance's own while it is
  // away), this instance's own otherwise.
  const limiter = (name: string, points: number, windowSeconds: number) => {
    const local = memoryLimiter(points, windowSeconds, clock);
    return redis ? resilientLimiter(redis, redisLimiter(redis.client, name, points, windowSeconds), local) : local;
  };
  return {
    config,
    store,
    clock,
    logger,
    trustedProxies: parseTrustedProxies(config.TRUSTED_PROXIES).matcher,
    credentialChanged: (id) => {
      authCache.credentialChanged(id);
      webhooks.wake();
    },
    authCache,
    redis,
    secrets,
    nonces: redis ? redisNonceStore(redis, tableNonceStore(store.sqlite, clock)) : tableNonceStore(store.sqlite, clock),
    history,
    webhooks,
    callWatch,
    metrics,
    signIn: {
      perUserAndAddress: limiter("sign-in", 5, 15 * 60),
      perAddress: limiter("sign-in-address", 20, 15 * 60),
      perAccount: limiter("sign-in-account", 20, 60 * 60),
      // One core is left to answer requests: on 2 cores, 4 Argon2 threads starved the event loop
      // and 400 parallel sign-ins took 2.8 s to even reach a real one.
      passwordChecks: workQueue(Math.max(availableParallelism() - 1, 1), 16),
      attempts: signInAttemptLog(store.repos),
    },
    limits: {
      apiFailures: limiter("login", 10, 5 * 60),
      apiFailuresPerAddress: limiter("login-address", 100, 5 * 60),
      perCredential: (requestsPerMinute) => {
        let found = perCredential.get(requestsPerMinute);
        if (!found) perCredential.set(requestsPerMinute, (found = limiter(`credential-${requestsPerMinute}`, requestsPerMinute, 60)));
        return found;
      },
    },
  };
}
