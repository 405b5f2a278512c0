import { describe, expect, it } from "vitest";
import { overlapHints } from "../src/ip/index.ts";

describe("overlapHints", () => {
  it("says nothing about a list without redundancy", () => {
    expect(overlapHints([])).toEqual([]);
    expect(overlapHints(["10.0.0.0/24", "10.0.1.0/24", "2001:db8::/32", "192.0.2.7"])).toEqual([]);
  });

  it("flags an address inside a range, wherever the range is in the list", () => {
    expect(overlapHints(["10.0.0.5", "10.0.0.0/24"])).toEqual([{ index: 0, message: "10.0.0.5 is already covered by 10.0.0.0/24" }]);
    expect(overlapHints(["10.0.0.0/24", "10.0.0.5"])).toEqual([{ index: 1, message: "10.0.0.5 is already covered by 10.0.0.0/24" }]);
  });

  it("flags a range inside a wider range, and a wildcard inside a range", () => {
    expect(overlapHints(["10.0.0.0/8", "10.1.0.0/16", "10.2.*.*", "11.0.0.0/16"])).toEqual([
      { index: 1, message: "10.1.0.0/16 is already covered by 10.0.0.0/8" },
      { index: 2, message: "10.2.*.* is already covered by 10.0.0.0/8" },
    ]);
    expect(overlapHints(["2001:db8::/32", "2001:db8:1::/48", "2001:db8::7"])).toEqual([
      { index: 1, message: "2001:db8:1::/48 is already covered by 2001:db8::/32" },
      { index: 2, message: "2001:db8::7 is already covered by 2001:db8::/32" },
    ]);
  });

  it("flags an entry listed twice on the later copy only", () => {
    expect(overlapHints(["10.0.0.5", "192.0.2.1", "10.0.0.5"])).toEqual([{ index: 2, message: "10.0.0.5 is listed twice" }]);
    expect(overlapHints(["2001:db8::1", " 2001:db8::1 "])).toEqual([{ index: 1, message: "2001:db8::1 is listed twice" }]);
    expect(overlapHints(["*", "*"])).toEqual([{ index: 1, message: "* is listed twice" }]);
  });

  it("flags different spellings of the same address or range", () => {
    expect(overlapHints(["2001:db8::1", "2001:DB8:0:0::1"])).toEqual([{ index: 1, message: "2001:DB8:0:0::1 is the same as 2001:db8::1" }]);
    expect(overlapHints(["10.1.0.0/16", "10.1.*.*"])).toEqual([{ index: 1, message: "10.1.*.* is the same as 10.1.0.0/16" }]);
    expect(overlapHints(["::ffff:10.0.0.0/104", "10.*.*.*"])).toEqual([{ index: 1, message: "10.*.*.* is the same as ::ffff:10.0.0.0/104" }]);
    expect(overlapHints(["192.0.2.7", "192.0.2.7/32"])).toEqual([{ index: 1, message: "192.0.2.7/32 is the same as 192.0.2.7" }]);
  });

  it("matches IPv4-mapped entries against IPv4 ones", () => {
    expect(overlapHints(["10.0.0.5", "::ffff:10.0.0.5"])).toEqual([{ index: 1, message: "::ffff:10.0.0.5 is the same as 10.0.0.5" }]);
    expect(overlapHints(["::ffff:10.0.0.5", "10.0.0.0/8"])).toEqual([{ index: 0, message: "::ffff:10.0.0.5 is already covered by 10.0.0.0/8" }]);
    // ::/0 holds ::ffff:0:0/96, which is every IPv4 address.
    expect(overlapHints(["::/0", "192.0.2.0/24"])).toEqual([{ index: 1, message: "192.0.2.0/24 is already covered by ::/0" }]);
    expect(overlapHints(["2001:db8::/32", "192.0.2.0/24"])).toEqual([]);
  });

  it("flags everything else when * is in the list", () => {
    expect(overlapHints(["10.0.0.0/8", "*", "::1"])).toEqual([
      { index: 0, message: "10.0.0.0/8 is already covered by *" },
      { index: 2, message: "::1 is already covered by *" },
    ]);
  });

  it("names the widest entry when several cover one, the first of equal ones", () => {
    expect(overlapHints(["10.0.0.0/16", "10.0.0.0/8", "10.0.0.7"])).toEqual([
      { index: 0, message: "10.0.0.0/16 is already covered by 10.0.0.0/8" },
      { index: 2, message: "10.0.0.7 is already covered by 10.0.0.0/8" },
    ]);
    expect(overlapHints(["10.0.0.7", "10.*.*.*", "10.0.0.0/8"])).toEqual([
      { index: 0, message: "10.0.0.7 is already covered by 10.*.*.*" },
      { index: 2, message: "10.0.0.0/8 is the same as 10.*.*.*" },
    ]);
  });

  it("leaves invalid and empty entries to the field validation", () => {
    expect(overlapHints(["10.0.0.0/8", "", "10.0.0.5/24", "abc", "10.0.0.5"])).toEqual([{ index: 4, message: "10.0.0.5 is already covered by 10.0.0.0/8" }]);
  });
});
