import { availableParallelism } from "node:os";
import type { IpMatcher } from "@gatehouse/shared";
import type { Config } from "./config.ts";
import type { Store } from "./db/store.ts";
import type { Repositories } from "./db/repositories.ts";
import type { Clock } from "./lib/clock.ts";
import { parseTrustedProxies } from "./lib/client-ip.ts";
import { AuthCache } from "./domain/auth/cache.ts";
import type { HistoryRecorder } from "./domain/history/recorder.ts";
import { sqliteHistoryRecorder } from "./domain/history/sqlite-recorder.ts";
import { pgHistoryRecorder } from "./domain/history/pg-recorder.ts";
import { sharedChanges, type SharedChanges } from "./domain/auth/shared-changes.ts";
import { signInAttemptLog } from "./domain/admin/attempts.ts";
import type { SignInGuards } from "./domain/admin/sign-in.ts";
import { type Limiter, type LimiterWindows, limiterWindows, memoryLimiter } from "./lib/limiter.ts";
import { createMetrics, type Metrics } from "./lib/metrics.ts";
import { webhookDeliveryCounts } from "./domain/webhooks/metrics.ts";
import { redisLimiter } from "./lib/redis-limiter.ts";
import { resilientLimiter, sharedRedis, type SharedRedis } from "./lib/shared-redis.ts";
import { workQueue } from "./lib/work-queue.ts";
import { openSecretBox, type SecretBox } from "./lib/secret-box.ts";
import { type NonceStore, redisNonceStore, tableNonceStore } from "./domain/auth/nonces.ts";
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
  /** Tells this process's caches that a credential changed, and the other instances (PostgreSQL + Redis). */
  credentialChanged: (credentialId: string) => void;
  /** Changes made by other instances, heard of (PostgreSQL); started by the background jobs. */
  changes: SharedChanges;
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
    /**
     * Each credential's own requests-per-minute limit: one limiter per distinct limit, all on one
     * set of counts, so a changed limit keeps what the key spent in the window (a review's find:
     * each change gave a fresh allowance).
     */
    perCredential: (requestsPerMinute: number) => Limiter;
  };
};

/**
 * Writes what this process still holds — the history not yet flushed, tokens not yet written — and
 * waits for the work those writes start (the call watch of the last flush) and for the change
 * listener to stop. Shutdown runs it before closing the database; tests before emptying it.
 */
export async function settleDeps(deps: AppDeps): Promise<void> {
  deps.webhooks.stop();
  await Promise.allSettled([deps.history.close(), deps.authCache.flushTokens()]);
  await Promise.allSettled([deps.callWatch.settled(), deps.changes.stop()]);
}

/**
 * The server key, proven against a signing secret already stored: a wrong SECRET_KEY or a missing
 * key file is a ConfigError here, at start, rather than a 401 on every signed call.
 */
export async function openServerKey(config: Config, repos: Repositories): Promise<SecretBox> {
  return openSecretBox(config.SECRET_KEY, config.DATABASE_PATH, await repos.auth.signingSecretSample());
}

/**
 * Wires the per-process state (limiters, caches, recorder) around a store; one place for main,
 * CLI and tests. `secrets` is the server key from `openServerKey` (main and the CLI); left out,
 * the key is opened unchecked, which only suits a database that holds no sealed secret yet.
 */
export function createDeps(
  config: Config,
  store: Store,
  clock: Clock,
  logger: Logger,
  secrets: SecretBox = openSecretBox(config.SECRET_KEY, config.DATABASE_PATH, null),
): AppDeps {
  const authCache = new AuthCache(store.repos, clock, secrets, {
    // Several instances: those sharing a Redis, and any on PostgreSQL.
    writeTokensAtOnce: config.REDIS_URL !== undefined || store.kind !== "sqlite",
    dataVersion: store.kind === "sqlite" ? () => Number(store.sqlite.pragma("data_version", { simple: true })) : null,
    onError: (error) => logger.error("auth cache upkeep failed", { error: String(error) }),
  });
  const perCredential = new Map<number, Limiter>();
  const credentialWindows = limiterWindows();
  const callWatch = watchCalls(store.repos, clock, {
    onError: (error) => logger.error("webhook call watch failed", { error: String(error) }),
    onRaised: () => webhooks.wake(),
  });
  const webhooks = webhookDeliverer(store.repos, clock, logger, { timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000, settled: callWatch.settled });
  const redis = config.REDIS_URL ? sharedRedis(config.REDIS_URL, logger) : null;
  const changes = sharedChanges(store, authCache, redis, logger, clock);
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
  const flushFailed = (error: unknown) => logger.error("history flush failed", { error: String(error) });
  const history: HistoryRecorder =
    store.kind === "sqlite"
      ? sqliteHistoryRecorder(store.sqlite, clock, flushFailed, 1000, { watcher: callWatch.watch, onFlushed: metrics?.historyFlushed })
      : // A connection of its own: the flush sends typed arrays, which Drizzle's client serialises otherwise.
        pgHistoryRecorder(store.connectAlone(), flushFailed, 1000, {
          watcher: callWatch.watch,
          onFlushed: metrics?.historyFlushed,
          ownsConnection: true,
        });
  // Shared through Redis when there is one (falling back to this instance's own while it is
  // away), this instance's own otherwise.
  const limiter = (name: string, points: number, windowSeconds: number, windows?: LimiterWindows) => {
    const local = memoryLimiter(points, windowSeconds, clock, windows);
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
      changes.published(id);
      webhooks.wake();
    },
    changes,
    authCache,
    redis,
    secrets,
    nonces: redis ? redisNonceStore(redis, tableNonceStore(store.repos, clock)) : tableNonceStore(store.repos, clock),
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
        if (!found) perCredential.set(requestsPerMinute, (found = limiter("credential", requestsPerMinute, 60, credentialWindows)));
        return found;
      },
    },
  };
}
