import { createRequire } from "node:module";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import type { Limiter } from "./limiter.ts";

/**
 * The Redis that instances share limits through (REDIS_URL). Commands fail at once while it is
 * away (no offline queue, a 250 ms command timeout) so no request ever waits on it; the outage
 * and the return are logged once each.
 */
export function sharedRedis(url: string, logger: Logger) {
  // Loaded only when REDIS_URL is set: ioredis costs a single instance about 10 MB of memory.
  const { Redis: Client } = createRequire(import.meta.url)("ioredis") as { Redis: typeof Redis };
  const client = new Client(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let down = false;
  const markDown = (error?: unknown) => {
    if (down) return;
    down = true;
    logger.warn("Redis is unavailable: rate limits and throttles fall back to this instance's own until it returns", {
      error: String(error ?? "connection closed"),
    });
  };
  client.on("error", markDown);
  client.on("close", () => markDown());
  client.on("ready", () => {
    if (down) logger.info("Redis is back: rate limits and throttles are shared again");
    down = false;
  });
  return {
    client,
    /** Limiter checks this instance answered alone (Redis away or failing), for GET /metrics. */
    stats: { fallbacks: 0 },
    available: () => client.status === "ready",
    /** Connects; a Redis that is not there yet is an outage, not a failed start. */
    start: () => client.connect().catch(markDown),
    stop: () => client.quit().catch(() => client.disconnect()),
  };
}

export type SharedRedis = ReturnType<typeof sharedRedis>;

/** Uses the shared limiter while Redis answers, and this instance's own while it does not. */
export function resilientLimiter(redis: SharedRedis, shared: Limiter, local: Limiter): Limiter {
  const either =
    <A extends unknown[], R>(call: (limiter: Limiter, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!redis.available()) {
        redis.stats.fallbacks += 1;
        return call(local, ...args);
      }
      try {
        return await call(shared, ...args);
      } catch {
        redis.stats.fallbacks += 1;
        return call(local, ...args);
      }
    };
  return {
    hit: either((limiter, key: string) => limiter.hit(key)),
    peek: either((limiter, key: string) => limiter.peek(key)),
    refund: either((limiter, key: string) => limiter.refund(key)),
    reset: either((limiter, key: string) => limiter.reset(key)),
  };
}
