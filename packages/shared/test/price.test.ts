import { describe, expect, it } from "vitest";
import { hasCents, MAX_PRICE } from "../src/schemas/integration.ts";

describe("hasCents", () => {
  it("takes whole cents, as a client's float arithmetic writes them", () => {
    for (const price of [0, 0.01, 0.29, 12.5, 19.99, 0.1 + 0.2, 1.1 * 3, 4.35 * 100, MAX_PRICE, MAX_PRICE - 0.01])
      expect(hasCents(price), String(price)).toBe(true);
    // Every cent up to 1,000.00.
    for (let cents = 0; cents <= 100_000; cents += 1) expect(hasCents(cents / 100)).toBe(true);
  });

  it("refuses fractions of a cent, however small", () => {
    for (const price of [1e-9, 0.001, 1.234, 1.005, 0.015, MAX_PRICE - 0.001, 5e-324]) expect(hasCents(price), String(price)).toBe(false);
  });
});
