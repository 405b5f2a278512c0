import { describe, expect, it } from "vitest";
import { keyAge } from "./key-age-text.ts";

describe("a key's age", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  it.each([
    ["2026-11-25T11:59:00Z", "issued today"],
    ["2026-11-24T11:00:00Z", "issued yesterday"],
    ["2026-08-23T12:00:00Z", "issued 94 days ago"],
    ["2023-11-25T12:00:00Z", "issued 1,096 days ago"],
    // A clock a little behind the server's is not a key from the future.
    ["2026-11-25T12:00:05Z", "issued today"],
  ])("issued %s reads %s", (issuedAt, text) => {
    expect(keyAge(issuedAt, now)).toBe(text);
  });
});
