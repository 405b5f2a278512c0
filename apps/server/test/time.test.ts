import * as fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { toIso } from "../src/lib/time.ts";

describe("toIso", () => {
  it("formats exactly as Date#toISOString, across seconds, before 1970 and at the edges of the date range", () => {
    for (const ms of [0, 1, 999, 1000, -1, -1000, -1001, 253402300799999, 253402300800000, 8.64e15, -8.64e15])
      expect(toIso(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 2000 }), (starts, step) => {
        // Runs of nearby instants exercise the memo of the last second; jumps exercise its reset.
        for (const start of starts)
          for (const ms of [start, start + step, start + 2 * step]) if (Math.abs(ms) <= 8.64e15) expect(toIso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it("formats two seconds used in turn (an answer's expiry and the log's time) without Date#toISOString each time", () => {
    const now = Date.UTC(2026, 11, 6, 3, 40, 0, 0);
    const expiry = now + 3600_000;
    const formatted = vi.spyOn(Date.prototype, "toISOString");
    try {
      for (let i = 0; i < 100; i += 1) {
        expect(toIso(now + i)).toBe(`2026-12-06T03:40:00.${String(i).padStart(3, "0")}Z`);
        expect(toIso(expiry + i)).toBe(`2026-12-06T04:40:00.${String(i).padStart(3, "0")}Z`);
      }
      expect(formatted.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      formatted.mockRestore();
    }
  });
});
