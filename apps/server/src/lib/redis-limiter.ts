import type { Redis } from "ioredis";
import type { Limiter, LimitState } from "./limiter.ts";

// GCRA (generic cell rate algorithm): one number per key, the "theoretical arrival time" (TAT).
// Each allowed event moves it one emission interval T = window / points ahead of max(TAT, now);
// an event is allowed while the TAT stays within one window of now. Unlike a fixed window it
// never lets 2× the limit through across a window edge, and it gives an exact Retry-After.
// Time is Redis's own (TIME), so the app servers' clocks need not agree.
// The TAT is stored with the interval it was counted in ("tat:interval"): read at another limit
// (an admin changed a key's rate limit), what was spent is converted in events, so 100 calls
// made at 100 a minute leave 50 at 150 a minute and none at 60, as in the memory limiter.
// Returns {allowed (1/0), ms until a full allowance is back, ms until the next event is allowed, remaining}.
// All in whole microseconds: with a fractional interval (60 s / 9) floating point let only 8 of 9 through.
const script = `
local key, interval, window, mode = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local stored = redis.call("GET", key)
local tat = now
if stored then
  local at, every = string.match(stored, "^(%d+):(%d+)$")
  tat = tonumber(at or stored) or now
  every = tonumber(every)
  if every and every ~= interval and tat > now then
    tat = now + math.min(window, math.ceil((tat - now) / every) * interval)
  end
end
if tat < now then tat = now end
local function store(value)
  if value > now then
    redis.call("SET", key, string.format("%.0f:%.0f", value, interval), "PX", math.ceil((value - now) / 1000))
  else
    redis.call("DEL", key)
  end
end
if mode == "refund" then
  store(tat - interval)
  return {1, 0, 0, 0}
end
local next = tat + interval
local allowed = next - now <= window
if mode == "hit" and allowed then
  tat = next
  store(tat)
end
local used = tat - now
local remaining = math.floor((window - used) / interval)
if remaining < 0 then remaining = 0 end
local wait = 0
if not allowed then wait = next - now - window end
return {allowed and 1 or 0, math.ceil(used / 1000), math.ceil(wait / 1000), remaining}
`;

type Reply = [allowed: number, usedMs: number, waitMs: number, remaining: number];

/**
 * A limiter whose counts live in Redis, shared by every instance: one atomic script per call.
 * `peek` answers whether the next event would be allowed, without counting it.
 */
export function redisLimiter(redis: Redis, name: string, points: number, windowSeconds: number): Limiter {
  const windowUs = windowSeconds * 1_000_000;
  const intervalUs = Math.floor(windowUs / points);
  const keyOf = (key: string) => `gatehouse:limit:${name}:${key}`;
  const run = async (mode: "hit" | "peek" | "refund", key: string): Promise<Reply> =>
    (await redis.eval(script, 1, keyOf(key), intervalUs, windowUs, mode)) as Reply;
  const state = ([allowed, usedMs, waitMs, remaining]: Reply): LimitState => ({
    allowed: allowed === 1,
    limit: points,
    remaining,
    // Refused: how long until the next event would pass. Allowed: until the allowance is whole.
    resetMs: allowed === 1 ? usedMs : waitMs,
  });
  return {
    hit: async (key) => state(await run("hit", key)),
    peek: async (key) => state(await run("peek", key)),
    refund: async (key) => void (await run("refund", key)),
    reset: async (key) => void (await redis.del(keyOf(key))),
  };
}
