import { describe, expect, it } from "vitest";
import { defaultRetrySchedule, nextAttemptAt, retryDelay } from "../src/domain/webhooks/schedule.ts";
import { DAY, HOUR, SECOND } from "../src/lib/time.ts";

const schedule = defaultRetrySchedule;

describe("the webhook retry schedule", () => {
  it("doubles from 10 s, jittered between half and all of the step", () => {
    expect([1, 2, 3, 4].map((failed) => retryDelay(schedule, failed, 0))).toEqual([5, 10, 20, 40].map((s) => s * SECOND));
    expect([1, 2, 3, 4].map((failed) => retryDelay(schedule, failed, 0.999_999))).toEqual([10, 20, 40, 80].map((s) => s * SECOND));
    const spread = new Set(Array.from({ length: 50 }, () => retryDelay(schedule, 3, Math.random())));
    expect(spread.size).toBeGreaterThan(10);
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(20 * SECOND);
    expect(Math.max(...spread)).toBeLessThanOrEqual(40 * SECOND);
  });

  it("never waits more than an hour, however many attempts failed", () => {
    for (const failed of [10, 11, 50, 1000]) expect(retryDelay(schedule, failed, 0.999_999)).toBeLessThanOrEqual(HOUR);
    expect(retryDelay(schedule, 12, 0)).toBe(HOUR / 2);
  });

  it("gives up once the next attempt would be more than 24 hours after the event was stored", () => {
    const stored = 0;
    let now = stored;
    let attempts = 0;
    for (let next = nextAttemptAt(schedule, stored, now, 1, 0.5); next !== null; next = nextAttemptAt(schedule, stored, now, attempts + 1, 0.5)) {
      attempts += 1;
      now = next;
    }
    expect(now).toBeLessThanOrEqual(DAY);
    expect(now).toBeGreaterThan(DAY - HOUR);
    expect(attempts).toBeGreaterThan(25);
    expect(attempts).toBeLessThan(40);
    expect(nextAttemptAt(schedule, stored, DAY - 1, 30, 0)).toBeNull();
  });
});
