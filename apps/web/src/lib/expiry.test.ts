import { describe, expect, it } from "vitest";
import { daysSince, expiresSoon, timeLeft } from "./expiry.ts";

const now = Date.UTC(2026, 10, 26, 12, 0, 0);
const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();

describe("key expiry words", () => {
  it("warns from 14 days ahead until the moment of expiry, not after", () => {
    expect(expiresSoon(at(14 * 24), now)).toBe(true);
    expect(expiresSoon(at(14 * 24 + 1), now)).toBe(false);
    expect(expiresSoon(at(1), now)).toBe(true);
    expect(expiresSoon(at(0), now)).toBe(false);
    expect(expiresSoon(at(-5), now)).toBe(false);
    expect(expiresSoon(null, now)).toBe(false);
  });

  it("rounds the time left up to whole days, and counts hours on the last day", () => {
    expect(timeLeft(at(5 * 24 - 1), now)).toBe("5 days");
    expect(timeLeft(at(24), now)).toBe("1 day");
    expect(timeLeft(at(25), now)).toBe("2 days");
    expect(timeLeft(at(5), now)).toBe("5 hours");
    expect(timeLeft(at(0.2), now)).toBe("1 hour");
    // The page's clock lags by up to 30 s: an expiry exactly 6 days out still reads 6 days.
    expect(timeLeft(new Date(now + 6 * 24 * 3_600_000 + 20_000).toISOString(), now)).toBe("6 days");
  });

  it("counts whole days since a key was added", () => {
    expect(daysSince(at(-30 * 24), now)).toBe(30);
    expect(daysSince(at(-30 * 24 + 1), now)).toBe(29);
  });
});
