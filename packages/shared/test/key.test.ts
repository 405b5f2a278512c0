import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE62, crc32, isWellFormedKey, KEY_PREFIX, keyChecksum } from "../src/key.ts";

const makeKey = (body: string) => `${KEY_PREFIX}${body}${keyChecksum(body)}`;
const bodyOf = (length: number) => fc.string({ unit: fc.constantFrom(...BASE62), minLength: length, maxLength: length });

describe("API key format", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("accepts any key of 64–256 characters whose checksum matches", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 256 }).chain((length) => bodyOf(length - 9)),
        (body) => {
          expect(isWellFormedKey(makeKey(body))).toBe(true);
        },
      ),
    );
  });

  it("refuses a key with any single character changed", () => {
    fc.assert(
      fc.property(bodyOf(55), fc.nat(), fc.constantFrom(...BASE62), (body, at, replacement) => {
        const key = makeKey(body);
        const position = KEY_PREFIX.length + (at % (key.length - KEY_PREFIX.length));
        fc.pre(key[position] !== replacement);
        const mangled = key.slice(0, position) + replacement + key.slice(position + 1);
        expect(isWellFormedKey(mangled)).toBe(false);
      }),
    );
  });

  it.each([
    ["too short", makeKey("a".repeat(40))],
    ["too long", makeKey("a".repeat(300))],
    ["another prefix", `sk_${makeKey("a".repeat(55)).slice(3)}`],
    ["a character outside base62", makeKey(`${"a".repeat(54)}-`)],
    ["whitespace", ` ${makeKey("a".repeat(54))}`],
    ["empty", ""],
  ])("refuses %s", (_name, key) => {
    expect(isWellFormedKey(key)).toBe(false);
  });
});
