import { BoundedMap } from "./bounded-map.ts";
import type { Clock } from "./clock.ts";

export type LimitState = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Allowed: milliseconds until the whole allowance is back. Refused: until the next event would pass. */
  resetMs: number;
};

/**
 * Counts events per key over a sliding window: at most N in any window's length (a minute for a
 * key's rate limit), so a quiet key gets a burst of N and then nothing until its first event has
 * left the window — never N more at once, as a fixed window (at its edge) or a token bucket (its
 * refill on top of the burst) would allow. This one lives in process memory (exact on one node);
 * the Redis one (redis-limiter.ts) has the same shape and is what several nodes share.
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

/**
 * The window is cut in SLOTS slots; events are counted in the slot of their time, and a window's
 * count is every slot that overlaps it, the oldest one whole. So no event younger than the window
 * is ever forgotten (never more than N in a window), at the price of waiting up to one slot
 * (a second for a minute) longer than an exact log would; and a key costs the same few hundred
 * bytes whatever its limit, where a log of events would hold up to 100,000 times for a key
 * limited to 100,000 a minute.
 */
export const SLOTS = 60;

/** The per-slot counts of one key: `slots[slot % (SLOTS + 1)]` for the SLOTS + 1 slots up to `newest`. */
type Counts = { slots: Uint32Array; newest: number };

/** The counts of a memory limiter, which limiters of different limits can share (see memoryLimiter). */
export type LimiterWindows = BoundedMap<Counts>;

// Each key costs ~330 bytes with its counts: 8 MB holds ~25,000 keys. Memory, not time, bounds
// it, so a flood from rotating addresses cannot grow the process (it forgets its oldest keys).
export const limiterWindows = (): LimiterWindows => new BoundedMap<Counts>(8 * 1024 * 1024, () => 4 * (SLOTS + 1) + 64);

/**
 * What a window of `counts` says at slot `now`, its slots older than the window emptied: the
 * events in it, and the slots of its oldest and newest events (-1 when it has none).
 */
function windowOf(counts: Counts, now: number) {
  const { slots } = counts;
  const size = slots.length;
  if (now - counts.newest >= size) slots.fill(0);
  else for (let slot = counts.newest + 1; slot <= now; slot += 1) slots[slot % size] = 0;
  counts.newest = Math.max(counts.newest, now);
  let events = 0;
  let oldest = -1;
  let newest = -1;
  for (let slot = now - size + 1; slot <= now; slot += 1) {
    const count = slots[slot % size] ?? 0;
    if (count === 0) continue;
    events += count;
    if (oldest === -1) oldest = slot;
    newest = slot;
  }
  return { events, oldest, newest };
}

const add = ({ slots }: Counts, slot: number, events: number) => {
  const at = slot % slots.length;
  slots[at] = (slots[at] ?? 0) + events;
};

/**
 * `windows` shared by limiters of different limits keeps what a key spent when its limit
 * changes: 100 calls made at 100 a minute leave 50 at 150 a minute, and none at 60.
 */
export function memoryLimiter(points: number, windowSeconds: number, clock: Clock = Date.now, windows: LimiterWindows = limiterWindows()): Limiter {
  const slotMs = (windowSeconds * 1000) / SLOTS;
  const slotOf = (ms: number) => Math.floor(ms / slotMs);
  // An event in slot s is counted until slot s + SLOTS has passed.
  const leavesAt = (slot: number) => (slot + SLOTS + 1) * slotMs;
  const countsOf = (key: string, now: number): Counts => windows.get(key) ?? { slots: new Uint32Array(SLOTS + 1), newest: slotOf(now) };
  const state = (window: ReturnType<typeof windowOf>, now: number, allowed: boolean): LimitState => {
    const spent = window.events;
    const waitFor = allowed ? window.newest : window.oldest;
    return { allowed, limit: points, remaining: Math.max(points - spent, 0), resetMs: waitFor === -1 ? 0 : Math.max(Math.ceil(leavesAt(waitFor) - now), 0) };
  };
  return {
    async hit(key) {
      const now = clock();
      const slot = slotOf(now);
      const counts = countsOf(key, now);
      const window = windowOf(counts, slot);
      // A refused event is not counted, as in the Redis limiter.
      if (window.events >= points) return state(window, now, false);
      add(counts, slot, 1);
      // Set again: the key becomes the newest, the last the map forgets when full.
      windows.set(key, counts);
      return state({ events: window.events + 1, oldest: window.oldest === -1 ? slot : window.oldest, newest: slot }, now, true);
    },
    async peek(key) {
      const now = clock();
      const counts = windows.get(key);
      const window = counts ? windowOf(counts, slotOf(now)) : { events: 0, oldest: -1, newest: -1 };
      return state(window, now, window.events < points);
    },
    async reset(key) {
      windows.delete(key);
    },
    async refund(key) {
      const counts = windows.get(key);
      if (!counts) return;
      const now = slotOf(clock());
      const { newest } = windowOf(counts, now);
      if (newest !== -1) add(counts, newest, -1);
    },
  };
}

export const retryAfterSeconds = (state: LimitState) => Math.max(1, Math.ceil(state.resetMs / 1000));
