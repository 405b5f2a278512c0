import { describe, expect, it } from "vitest";
import { suggestAllowedIps, wouldBeRefused, type AddressTraffic } from "../src/index.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 12, minute)).toISOString();
const seen = (ip: string, calls = 1, calls7d = calls, minute = 0): AddressTraffic => ({ ip, calls, calls7d, lastUsedAt: at(minute) });

describe("suggestAllowedIps", () => {
  it("counts spellings of one address once: IPv4-mapped and upper-case IPv6 are the addresses the list would hold", () => {
    const traffic = [seen("::ffff:198.51.100.1", 2, 2, 5), seen("198.51.100.1", 1, 1, 9), seen("2001:DB8::1"), seen("2001:db8::1", 3)];
    expect(suggestAllowedIps(traffic, [])).toEqual([
      { entry: "2001:db8::1", addresses: ["2001:db8::1"], calls: 4, lastUsedAt: at(0) },
      { entry: "198.51.100.1", addresses: ["198.51.100.1"], calls: 3, lastUsedAt: at(9) },
    ]);
  });

  it("offers a /24 or /64 only for 3 or more distinct addresses, and leaves out what the list allows and unreadable addresses", () => {
    const traffic = [
      seen("203.0.113.1"),
      seen("203.0.113.2"),
      seen("::ffff:203.0.113.2"),
      seen("2001:db8:0:1::a"),
      seen("2001:db8:0:1::b"),
      seen("2001:db8:0:1::c", 1, 1, 30),
      seen("192.0.2.5", 9),
      seen("unknown", 50),
    ];
    expect(suggestAllowedIps(traffic, ["192.0.2.0/28"])).toEqual([
      { entry: "2001:db8:0:1::/64", addresses: ["2001:db8:0:1::a", "2001:db8:0:1::b", "2001:db8:0:1::c"], calls: 3, lastUsedAt: at(30) },
      { entry: "203.0.113.2", addresses: ["203.0.113.2"], calls: 2, lastUsedAt: at(0) },
      { entry: "203.0.113.1", addresses: ["203.0.113.1"], calls: 1, lastUsedAt: at(0) },
    ]);
    expect(suggestAllowedIps(traffic, ["*"])).toEqual([]);
  });
});

describe("wouldBeRefused", () => {
  it("adds up the last 7 days' calls of the addresses the entries do not allow", () => {
    const traffic = [seen("203.0.113.1", 10, 4), seen("203.0.113.77", 5, 0), seen("2001:db8::9", 3, 3), seen("unknown", 2, 2)];
    expect(wouldBeRefused(traffic, [])).toBe(9);
    expect(wouldBeRefused(traffic, ["203.0.113.*"])).toBe(5);
    expect(wouldBeRefused(traffic, ["203.0.113.0/24", "2001:db8::/64"])).toBe(2);
  });
});
