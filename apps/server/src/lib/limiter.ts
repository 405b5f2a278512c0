import { BoundedMap } from "./bounded-map.ts";
import type { Clock } from "./clock.ts";

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
  /** Counts one event for `key`; `allowed` is false once the window's allowance is spent, and a refused event is not counted. */
  hit(key: string): Promise<LimitState>;
  /** The state without counting. */
  peek(key: string): Promise<LimitState>;
  reset(key: string): Promise<void>;
  /** Takes back one event `hit` allowed (an attempt that turned out fine); never one it refused, which it did not count. */
  refund(key: string): Promise<void>;
};

type Window = { count: number; resetAt: number };

/** The counts of a memory limiter, which limiters of different limits can share (see memoryLimiter). */
export type LimiterWindows = BoundedMap<Window>;

// Each window costs ~150 bytes with its key: 8 MB holds ~50,000 keys. Memory, not time, bounds
// it, so a flood from rotating addresses cannot grow the process (it forgets its oldest keys).
export const limiterWindows = (): LimiterWindows => new BoundedMap<Window>(8 * 1024 * 1024, () => 48);

/**
 * `windows` shared by limiters of different limits keeps what a key spent when its limit
 * changes: 100 calls made at 100 a minute leave 50 at 150 a minute, and none at 60.
 */
export function memoryLimiter(points: number, windowSeconds: number, clock: Clock = Date.now, windows: LimiterWindows = limiterWindows()): Limiter {
  const windowMs = windowSeconds * 1000;
  const live = (key: string, now: number) => {
    const window = windows.get(key);
    return window !== undefined && window.resetAt > now ? window : undefined;
  };
  const state = (window: Window | undefined, now: number, allowed: boolean): LimitState => ({
    allowed,
    limit: points,
    remaining: Math.max(points - (window?.count ?? 0), 0),
    resetMs: window ? window.resetAt - now : windowMs,
  });
  return {
    async hit(key) {
      const now = clock();
      let window = live(key, now);
      if (!window) windows.set(key, (window = { count: 0, resetAt: now + windowMs }));
      // A refused event is not counted, as in the Redis limiter.
      if (window.count >= points) return state(window, now, false);
      window.count += 1;
      return state(window, now, true);
    },
    async peek(key) {
      const now = clock();
      const window = live(key, now);
      return state(window, now, (window?.count ?? 0) < points);
    },
    async reset(key) {
      windows.delete(key);
    },
    async refund(key) {
      const window = live(key, clock());
      if (window && window.count > 0) window.count -= 1;
    },
  };
}

export const retryAfterSeconds = (state: LimitState) => Math.max(1, Math.ceil(state.resetMs / 1000));
