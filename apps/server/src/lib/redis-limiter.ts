import type { Redis } from "ioredis";
import { type Limiter, type LimitState, SLOTS } from "./limiter.ts";

// The memory limiter's sliding window (limiter.ts), kept in Redis: one hash per key, a field per
// slot (the slot's number, the window cut in SLOTS slots) holding its count. A window's count is
// every slot overlapping it, the oldest whole, so no event younger than the window is forgotten:
// never more than N in any window's length, across every instance. Slots that left the window
// are deleted as they are met; the hash expires a window after its newest event.
// Time is Redis's own (TIME), so the app servers' clocks need not agree. A limit changed in the
// middle of a window (an admin edits a key's rate limit) reads the same counts: what was spent
// stays spent, counted in events.
// Returns {allowed (1/0), remaining, ms to wait: allowed, until the whole allowance is back;
// refused, until the next event would pass}.
const script = `
local key, points, slotUs, slots, mode = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local t = redis.call("TIME")
local nowUs = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now = math.floor(nowUs / slotUs)
local fields = redis.call("HGETALL", key)
local events, oldest, newest = 0, -1, -1
for i = 1, #fields, 2 do
  local slot, count = tonumber(fields[i]), tonumber(fields[i + 1])
  if slot < now - slots or count <= 0 then
    redis.call("HDEL", key, fields[i])
  else
    events = events + count
    if oldest == -1 or slot < oldest then oldest = slot end
    if slot > newest then newest = slot end
  end
end
local leaves = function(slot) return math.max(math.ceil(((slot + slots + 1) * slotUs - nowUs) / 1000), 0) end
if mode == "refund" then
  if newest ~= -1 then redis.call("HINCRBY", key, tostring(newest), -1) end
  return {1, 0, 0}
end
local allowed = events < points
if mode == "hit" and allowed then
  redis.call("HINCRBY", key, tostring(now), 1)
  redis.call("PEXPIRE", key, math.ceil((slots + 1) * slotUs / 1000))
  events = events + 1
  if oldest == -1 then oldest = now end
  newest = now
end
local remaining = math.max(points - events, 0)
local waitFor = newest
if not allowed then waitFor = oldest end
if waitFor == -1 then return {allowed and 1 or 0, remaining, 0} end
return {allowed and 1 or 0, remaining, leaves(waitFor)}
`;

type Reply = [allowed: number, remaining: number, resetMs: number];

/**
 * A limiter whose counts live in Redis, shared by every instance: one atomic script per call.
 * `peek` answers whether the next event would be allowed, without counting it.
 */
export function redisLimiter(redis: Redis, name: string, points: number, windowSeconds: number): Limiter {
  const slotUs = Math.floor((windowSeconds * 1_000_000) / SLOTS);
  const keyOf = (key: string) => `gatehouse:window:${name}:${key}`;
  const run = async (mode: "hit" | "peek" | "refund", key: string): Promise<Reply> =>
    (await redis.eval(script, 1, keyOf(key), points, slotUs, SLOTS, mode)) as Reply;
  const state = ([allowed, remaining, resetMs]: Reply): LimitState => ({ allowed: allowed === 1, limit: points, remaining, resetMs });
  return {
    hit: async (key) => state(await run("hit", key)),
    peek: async (key) => state(await run("peek", key)),
    refund: async (key) => void (await run("refund", key)),
    reset: async (key) => void (await redis.del(keyOf(key))),
  };
}
