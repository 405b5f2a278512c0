import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { type Limiter, limiterWindows, memoryLimiter } from "../src/lib/limiter.ts";
import { redisLimiter } from "../src/lib/redis-limiter.ts";

/**
 * One contract for every limiter: this process's own, and the Redis one that instances share
 * (run whenever TEST_REDIS_URL is set, as .ci/run does on machines that have Redis).
 */
const redisUrl = process.env.TEST_REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: false }) : null;
afterAll(() => redis?.quit());

// A fresh namespace per run, so runs and parallel test files never share counts.
const run = randomBytes(4).toString("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(ms, 0)));
type Make = (points: number, windowSeconds: number) => Limiter;
/** Limiters of any limit over one set of counts, as a credential's are when its limit changes. */
type Counts = () => Make;
const implementations: [string, Counts][] = [
  [
    "in memory",
    () => {
      const windows = limiterWindows();
      return (points, windowSeconds) => memoryLimiter(points, windowSeconds, Date.now, windows);
    },
  ],
];
if (redis) {
  const client = redis;
  let namespaces = 0;
  implementations.push([
    "in Redis",
    () => {
      const name = `test-${run}-${(namespaces += 1)}`;
      return (points, windowSeconds) => redisLimiter(client, name, points, windowSeconds);
    },
  ]);
}

describe.each(implementations)("a limiter %s", (_name, counts) => {
  const make: Make = (points, windowSeconds) => counts()(points, windowSeconds);

  // A review's find: every change of a key's rate limit gave it a fresh allowance.
  it("keeps what a key spent when its limit changes: counted in events, at the new limit", async () => {
    const limiter = counts();
    const allowedOf = async (points: number, events: number) => {
      const states = [];
      for (let n = 0; n < events; n += 1) states.push(await limiter(points, 60).hit("key"));
      return states.filter((state) => state.allowed).length;
    };
    expect(await allowedOf(5, 6)).toBe(5);
    expect(await allowedOf(10, 8), "raised to 10: the 5 not spent yet").toBe(5);
    expect(await allowedOf(3, 2), "lowered to 3, with 10 spent").toBe(0);
    expect((await limiter(3, 60).peek("key")).remaining).toBe(0);
    expect(await allowedOf(10, 1), "back at 10, with 10 spent").toBe(0);
    expect((await limiter(10, 60).hit("other")).allowed, "another key has its own allowance").toBe(true);
  });

  it("allows exactly N in a window, then refuses with the time to wait", async () => {
    const limiter = make(5, 60);
    const states = [];
    for (let n = 0; n < 6; n += 1) states.push(await limiter.hit("a"));
    expect(states.map((state) => state.allowed)).toEqual([true, true, true, true, true, false]);
    expect(states.map((state) => state.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(states[5]?.resetMs).toBeGreaterThan(0);
    // Until the first event leaves the window: a minute, and at most one slot (a second) more.
    expect(states[5]?.resetMs).toBeLessThanOrEqual(61_000);
    expect((await limiter.hit("b")).allowed, "another key has its own allowance").toBe(true);
  });

  it("peeks without counting, gives back a refunded event and forgets a reset key", async () => {
    const limiter = make(2, 60);
    expect((await limiter.peek("k")).allowed).toBe(true);
    await limiter.hit("k");
    await limiter.hit("k");
    expect((await limiter.peek("k")).allowed).toBe(false);
    await limiter.refund("k");
    expect((await limiter.peek("k")).allowed).toBe(true);
    expect((await limiter.hit("k")).allowed).toBe(true);
    await limiter.reset("k");
    expect((await limiter.hit("k")).remaining).toBe(1);
  });

  // The memory limiter counted refused events and the Redis one did not, so one refund after a
  // refusal meant nothing in one and freed a slot in the other (the admin sign-in relied on the first).
  it("does not count a refused event: after N, the one refund frees one slot, in every limiter", async () => {
    const limiter = make(3, 60);
    for (let n = 0; n < 3; n += 1) await limiter.hit("r");
    for (let n = 0; n < 5; n += 1) expect((await limiter.hit("r")).allowed).toBe(false);
    await limiter.refund("r");
    expect((await limiter.hit("r")).allowed).toBe(true);
    expect((await limiter.hit("r")).allowed).toBe(false);
  });

  // A review's find: a token bucket let a quiet key limited to 10 a minute make 20 calls within
  // 60 s (its burst, then its refill); a fixed window allows 2N across its edge the same way.
  it("never lets more than N through within one window: after a burst, the next waits for its first event to leave", async () => {
    const limiter = make(3, 1.2);
    const started = Date.now();
    const burst = await Promise.all([limiter.hit("w"), limiter.hit("w"), limiter.hit("w")]);
    expect(burst.map((state) => state.allowed)).toEqual([true, true, true]);
    await sleep(500);
    const early = await limiter.hit("w");
    expect(early.allowed, "a token bucket of 3 a 1.2 s refills one every 0.4 s").toBe(false);
    expect(early.resetMs).toBeGreaterThan(0);
    expect(early.resetMs).toBeLessThanOrEqual(1240 - (Date.now() - started) + 50);
    await sleep(1400 - (Date.now() - started));
    expect((await limiter.hit("w")).allowed).toBe(true);
  });

  it("allows exactly N of 40 events sent at once", async () => {
    const limiter = make(10, 60);
    const states = await Promise.all(Array.from({ length: 40 }, () => limiter.hit("burst")));
    expect(states.filter((state) => state.allowed)).toHaveLength(10);
  });
});

describe.runIf(redis)("the Redis limiter across instances", () => {
  it("counts the events of several instances together: N in total, not N each", async () => {
    const name = `test-${run}-shared`;
    const instances = Array.from({ length: 3 }, () => redisLimiter(redis as Redis, name, 9, 60));
    const states = await Promise.all(Array.from({ length: 30 }, (_, n) => instances[n % 3]?.hit("key")));
    expect(states.filter((state) => state?.allowed)).toHaveLength(9);
  });
});

describe("the memory limiter's window, on a clock of its own", () => {
  it("lets no 60 s hold more than N calls of a key called every 250 ms for three minutes", async () => {
    let now = 1_800_000_000_000;
    const limiter = memoryLimiter(10, 60, () => now);
    const allowedAt: number[] = [];
    for (let call = 0; call < 720; call += 1, now += 250) if ((await limiter.hit("key")).allowed) allowedAt.push(now);
    for (const at of allowedAt) expect(allowedAt.filter((other) => other <= at && other > at - 60_000).length).toBeLessThanOrEqual(10);
    // A burst of 10, then 10 more a minute (a second later than an exact log, at most), not 19.
    expect(allowedAt.filter((at) => at < allowedAt[0]! + 60_000)).toHaveLength(10);
    expect(allowedAt.length).toBeGreaterThanOrEqual(27);
  });

  it("lets no burst through at a window's edge: one call, nine a minute later, then none until the first leaves", async () => {
    let now = 1_800_000_000_000;
    const limiter = memoryLimiter(10, 60, () => now);
    const allowed = async (calls: number) =>
      (await Promise.all(Array.from({ length: calls }, () => limiter.hit("edge")))).filter((state) => state.allowed).length;
    expect(await allowed(1)).toBe(1);
    now += 59_000;
    expect(await allowed(9)).toBe(9);
    now += 1_500;
    expect(await allowed(10), "a fixed window from the first call let 10 more through here").toBe(0);
    now += 500;
    expect(await allowed(10)).toBe(1);
  });

  it("says when the next call would pass, and when the whole allowance is back", async () => {
    let now = 1_800_000_000_000;
    const limiter = memoryLimiter(2, 60, () => now);
    expect((await limiter.hit("k")).resetMs).toBe(61_000);
    now += 10_000;
    expect(await limiter.hit("k")).toMatchObject({ allowed: true, remaining: 0, resetMs: 61_000 });
    now += 5_000;
    expect(await limiter.hit("k")).toMatchObject({ allowed: false, remaining: 0, resetMs: 46_000 });
    now += 46_000;
    expect(await limiter.hit("k")).toMatchObject({ allowed: true, remaining: 0 });
  });
});
