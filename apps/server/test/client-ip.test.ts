import { compileIpMatcher, normalizeAddress } from "@gatehouse/shared";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientIp } from "../src/lib/client-ip.ts";

// A load balancer at 10.0.0.1 in front of an ingress at 10.0.0.2, plus an IPv6 proxy network.
const trusted = compileIpMatcher(["10.0.0.0/24", "2001:db8:ffff::/48"]);
const nobody = compileIpMatcher([]);

// One X-Forwarded-For element: an address (decorated the ways proxies write it) or junk.
type Hop = { address: string | null; text: string };
const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom("10.0.0.1", "10.0.0.200", "2001:db8:ffff::5"));
const decorated = fc.tuple(address, fc.constantFrom("", ":", "[]", "[]:", '""'), fc.integer({ min: 1, max: 65535 }), fc.constantFrom("", " ", "\t"));
const element: fc.Arbitrary<Hop> = fc.oneof(
  decorated.map(([ip, style, port, pad]): Hop => {
    const v6 = ip.includes(":");
    if (style === ":" && !v6) return { address: ip, text: `${pad}${ip}:${port}` };
    if (style.startsWith("[") && v6) return { address: ip, text: `${pad}[${ip}]${style === "[]:" ? `:${port}` : ""}${pad}` };
    if (style === '""') return { address: ip, text: `"${ip}"` };
    return { address: ip, text: `${pad}${ip}${pad}` };
  }),
  fc.stringMatching(/^[g-z_ ]{0,8}$/).map((text): Hop => ({ address: null, text })),
);

// Characters that mean something in the header, mixed with any UTF-16 unit (control characters, lone surrogates).
const headerChar = fc.oneof(
  fc.constantFrom(..."0123456789abcdef.:,[]\"' \t%"),
  fc.nat(0xffff).map((code) => String.fromCharCode(code)),
);

// The rule, stated plainly: walk from the right past trusted proxies, stop at junk.
function modelWalk(chain: readonly Hop[]): string {
  let last = "10.0.0.2";
  for (const hop of chain.toReversed()) {
    const normalised = hop.address === null ? null : normalizeAddress(hop.address);
    if (normalised === null) return last;
    if (!trusted.allows(normalised)) return normalised;
    last = normalised;
  }
  return last;
}

describe("resolveClientIp", () => {
  it("ignores forwarding headers from a peer that is not a trusted proxy", () => {
    expect(resolveClientIp("198.51.100.7", "203.0.113.9", trusted)).toBe("198.51.100.7");
    expect(resolveClientIp("198.51.100.7", "10.0.0.1, 203.0.113.9", trusted)).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.1", "203.0.113.9", nobody)).toBe("10.0.0.1");
  });

  it("takes the right-most untrusted entry after a chain of trusted proxies", () => {
    expect(resolveClientIp("10.0.0.2", "203.0.113.9", trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", "203.0.113.9, 10.0.0.1", trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", "203.0.113.9,10.0.0.7,10.0.0.1", trusted)).toBe("203.0.113.9");
  });

  it("does not let a client spoof the left-most entries", () => {
    expect(resolveClientIp("10.0.0.2", "1.1.1.1, 10.0.0.5, 203.0.113.9, 10.0.0.1", trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", "127.0.0.1, 203.0.113.9", trusted)).toBe("203.0.113.9");
  });

  it("reads repeated headers, which arrive comma-joined", () => {
    const joined = ["192.0.2.1, 203.0.113.9", "10.0.0.1"].join(", ");
    expect(resolveClientIp("10.0.0.2", joined, trusted)).toBe("203.0.113.9");
  });

  it("answers with the trusted proxy itself when the header is missing or empty", () => {
    expect(resolveClientIp("10.0.0.2", undefined, trusted)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "", trusted)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "   ", trusted)).toBe("10.0.0.2");
  });

  it("answers with the left-most entry when every entry is a trusted proxy", () => {
    expect(resolveClientIp("10.0.0.3", "10.0.0.1, 10.0.0.2", trusted)).toBe("10.0.0.1");
  });

  it.each([
    ["garbage", "203.0.113.9, garbage, 10.0.0.1", "10.0.0.1"],
    ["garbage next to the peer", "203.0.113.9, garbage", "10.0.0.2"],
    ["unknown", "203.0.113.9, unknown", "10.0.0.2"],
    ["an obfuscated id", "203.0.113.9, _hidden, 10.0.0.1", "10.0.0.1"],
    ["an empty element", "203.0.113.9, , 10.0.0.1", "10.0.0.1"],
    ["a trailing comma", "203.0.113.9,", "10.0.0.2"],
    ["a legacy IPv4 form", "203.0.113.9, 0177.0.0.1", "10.0.0.2"],
    ["an empty zone id", "203.0.113.9, [fe80::1%]", "10.0.0.2"],
    ["a range", "203.0.113.0/24", "10.0.0.2"],
    ["a bad port", "203.0.113.9:99999", "10.0.0.2"],
    ["a control character", "203.0.113.9\u0000, 10.0.0.1", "10.0.0.1"],
  ])("stops at %s and answers with the proxy that reported it", (_, header, expected) => {
    expect(resolveClientIp("10.0.0.2", header, trusted)).toBe(expected);
  });

  it("strips ports, brackets and quotes", () => {
    expect(resolveClientIp("10.0.0.2", "203.0.113.9:5678", trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", "[2001:db8::1]", trusted)).toBe("2001:db8::1");
    expect(resolveClientIp("10.0.0.2", "[2001:db8::1]:443", trusted)).toBe("2001:db8::1");
    expect(resolveClientIp("10.0.0.2", '"[2001:db8::1]:443", 10.0.0.1:80', trusted)).toBe("2001:db8::1");
    expect(resolveClientIp("10.0.0.2", "'203.0.113.9'", trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", "[fe80::1%eth0]:443", trusted)).toBe("fe80::1");
  });

  it("handles IPv6 and IPv4-mapped addresses, in any spelling", () => {
    expect(resolveClientIp("2001:db8:ffff::1", "2001:DB8:0:0::7", trusted)).toBe("2001:db8::7");
    expect(resolveClientIp("::ffff:10.0.0.2", "::ffff:203.0.113.9", trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("::ffff:10.0.0.2", "::ffff:10.0.0.1, 2001:db8:ffff::9", trusted)).toBe("10.0.0.1");
    expect(resolveClientIp("::ffff:198.51.100.7", "203.0.113.9", trusted)).toBe("198.51.100.7");
  });

  it("passes an unusable socket address through untouched", () => {
    expect(resolveClientIp("", "203.0.113.9", trusted)).toBe("unknown");
    expect(resolveClientIp("fe80::1%", "203.0.113.9", trusted)).toBe("fe80::1%");
    // A link-local peer's zone id names our interface, not the client: it is dropped.
    expect(resolveClientIp("fe80::1%eth0", "203.0.113.9", trusted)).toBe("fe80::1");
  });

  it("copes with a huge header", () => {
    const header = `${"203.0.113.9, ".repeat(50_000)}${"10.0.0.1, ".repeat(50_000)}10.0.0.1`;
    expect(resolveClientIp("10.0.0.2", header, trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", `203.0.113.9, ${"x".repeat(1_000_000)}`, trusted)).toBe("10.0.0.2");
  });

  it("never throws, whatever the header holds", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: headerChar }), (header) => {
        expect(typeof resolveClientIp("10.0.0.2", header, trusted)).toBe("string");
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with a model of the walk over decorated chains", () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), (chain) => {
        const header = chain.map((hop) => hop.text).join(",");
        expect(resolveClientIp("10.0.0.2", header, trusted)).toBe(modelWalk(chain));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("parseTrustedProxies", () => {
  it("trusts nobody when empty", () => {
    const { matcher, error } = parseTrustedProxies("");
    expect(error).toBeNull();
    expect(matcher.allows("10.0.0.1")).toBe(false);
    expect(parseTrustedProxies(" , ").error).toBeNull();
  });

  it("reads a comma-separated list of addresses and ranges", () => {
    const { matcher, error } = parseTrustedProxies(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,");
    expect(error).toBeNull();
    expect(["10.9.9.9", "192.0.2.7", "::ffff:192.0.2.7", "2001:db8::1"].map((ip) => matcher.allows(ip))).toEqual([true, true, true, true]);
    expect(["192.0.2.8", "2001:db9::1"].map((ip) => matcher.allows(ip))).toEqual([false, false]);
  });

  it("refuses * and ranges that hold every address", () => {
    expect(parseTrustedProxies("*").error).toBe("TRUSTED_PROXIES cannot be * — that would let any client choose its own address");
    expect(parseTrustedProxies("10.0.0.1, *").error).toMatch(/cannot be \*/);
    expect(parseTrustedProxies("0.0.0.0/0").error).toMatch(/cannot be 0\.0\.0\.0\/0/);
    expect(parseTrustedProxies("::/0").error).toMatch(/cannot be ::\/0/);
  });

  it("refuses wildcards, pointing at the equivalent range", () => {
    expect(parseTrustedProxies("10.1.*.*").error).toBe('TRUSTED_PROXIES: "10.1.*.*" is a wildcard; write it as the range 10.1.0.0/16');
  });

  it("reports every invalid entry and then trusts nobody", () => {
    const { matcher, error } = parseTrustedProxies("10.0.0.1, 10.0.0.5/24, nonsense");
    expect(error).toMatch(/^TRUSTED_PROXIES: "10\.0\.0\.5\/24" is not the start of a range.*; TRUSTED_PROXIES: "nonsense" is not an IP address/);
    expect(matcher.allows("10.0.0.1")).toBe(false);
  });
});
