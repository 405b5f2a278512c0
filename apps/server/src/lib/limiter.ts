import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export type LimitState = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
};

/**
 * Counts events per key in a fixed window. This one lives in process memory (exact on one
 * node); a Redis-backed one with the same shape is what several nodes would share.
 */
export type Limiter = {
  /** Counts one event for `key`; `allowed` is false once the window's allowance is spent. */
  hit(key: string): Promise<LimitState>;
  /** The state without counting. */
  peek(key: string): Promise<LimitState>;
  reset(key: string): Promise<void>;
};

export function memoryLimiter(points: number, windowSeconds: number): Limiter {
  const limiter = new RateLimiterMemory({ points, duration: windowSeconds });
  const state = (res: RateLimiterRes | null, allowed: boolean): LimitState => ({
    allowed,
    limit: points,
    remaining: res ? Math.max(points - res.consumedPoints, 0) : points,
    resetMs: res ? Math.max(res.msBeforeNext, 0) : windowSeconds * 1000,
  });
  return {
    async hit(key) {
      try {
        return state(await limiter.consume(key), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return state(rejection, false);
        throw rejection;
      }
    },
    async peek(key) {
      const res = await limiter.get(key);
      return state(res, !res || res.consumedPoints < points);
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

export const retryAfterSeconds = (state: LimitState) => Math.max(1, Math.ceil(state.resetMs / 1000));
