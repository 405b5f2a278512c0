import { BlockList, isIP } from "node:net";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileIpMatcher, type IpMatcher, normalizeAddress, parseIpRule } from "../src/ip/index.ts";
import { anyV6Text, dotted, expanded, near4, near6, type Rule, uint32, v4, v6Form, v6Text, withClients } from "./ip-arbitraries.ts";

// First-match oracle: each entry on its own, whose matching the BlockList properties check.
const firstMatchingEntry = (entries: readonly string[], address: string): string | null => {
  const entry = entries.find((candidate) => compileIpMatcher([candidate]).allows(address));
  const parsed = entry === undefined ? null : parseIpRule(entry);
  return parsed?.ok ? parsed.rule.text : null;
};

const nearEither = (list: readonly Rule[]) => fc.oneof(near4(list).map(dotted), near6(list).map(expanded));

function compileBoth(list: readonly Rule[]): { blockList: BlockList; matcher: IpMatcher } {
  const blockList = new BlockList();
  for (const rule of list) rule.add(blockList);
  return { blockList, matcher: compileIpMatcher(list.map((rule) => rule.entry)) };
}

describe("compileIpMatcher agrees with node:net BlockList", () => {
  it("for IPv4 addresses, plain and IPv4-mapped", () => {
    fc.assert(
      fc.property(withClients(near4), ([list, clients]) => {
        const { blockList, matcher } = compileBoth(list);
        for (const n of clients) {
          const expected = blockList.check(dotted(n), "ipv4");
          expect(matcher.allows(dotted(n))).toBe(expected);
          expect(matcher.allows(`::ffff:${dotted(n)}`)).toBe(expected);
          expect(matcher.allows(`::FFFF:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("for IPv6 addresses in any textual form", () => {
    fc.assert(
      fc.property(withClients(near6), v6Form, ([list, clients], form) => {
        const { blockList, matcher } = compileBoth(list);
        for (const n of clients) expect(matcher.allows(v6Text(n, form))).toBe(blockList.check(expanded(n), "ipv6"));
      }),
      { numRuns: 500 },
    );
  });

  it("names the first entry that matches", () => {
    fc.assert(
      fc.property(withClients(nearEither), ([list, addresses]) => {
        const entries = list.map((rule) => rule.entry);
        const matcher = compileIpMatcher(entries);
        for (const address of addresses) expect(matcher.matchingRule(address)).toBe(firstMatchingEntry(entries, address));
      }),
      { numRuns: 500 },
    );
  });
});

describe("special lists", () => {
  it("a wildcard matches exactly like its CIDR range, and names itself", () => {
    const nudges = fc.array(fc.tuple(uint32, fc.integer({ min: 0, max: 31 })), { maxLength: 10 });
    fc.assert(
      fc.property(v4, fc.integer({ min: 1, max: 3 }), nudges, (n, stars, changes) => {
        const kept = dotted(n)
          .split(".")
          .slice(0, 4 - stars);
        const wildcard = [...kept, ...Array<string>(stars).fill("*")].join(".");
        const cidr = `${[...kept, ...Array<string>(stars).fill("0")].join(".")}/${32 - 8 * stars}`;
        const byWildcard = compileIpMatcher([wildcard]);
        const byCidr = compileIpMatcher([cidr]);
        const clients = [n, ...changes.map(([noise, bits]) => (n ^ (noise & ((1 << bits) - 1))) >>> 0)];
        for (const address of clients.map(dotted)) {
          expect(byWildcard.allows(address)).toBe(byCidr.allows(address));
          expect(byWildcard.matchingRule(address)).toBe(byCidr.allows(address) ? wildcard : null);
        }
      }),
      { numRuns: 500 },
    );
  });

  const anything = compileIpMatcher(["*"]);
  const nothing = compileIpMatcher([]);

  it("* allows every valid address, in any form, and an empty list allows none", () => {
    const valid = fc.oneof(
      fc.ipV4(),
      fc.ipV4().map((v4Text) => `::ffff:${v4Text}`),
      fc.ipV6(),
      anyV6Text,
    );
    fc.assert(
      fc.property(valid, (address) => {
        expect(anything.allows(address)).toBe(true);
        expect(anything.matchingRule(address)).toBe("*");
        expect(nothing.allows(address)).toBe(false);
        expect(nothing.matchingRule(address)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it("never allows an invalid address, not even with *", () => {
    const text = fc.oneof(
      fc.ipV4Extended(),
      fc.string({ maxLength: 50 }),
      fc.ipV4().map((address) => `${address}%eth0`),
    );
    fc.assert(
      fc.property(text, (address) => {
        fc.pre(isIP(address) === 0 || address.includes("%"));
        expect(anything.allows(address)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("matches an IPv6 address with a zone id exactly like the address without it", () => {
    const zone = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), fc.nat(99).map(String));
    fc.assert(
      fc.property(withClients(near6), zone, ([list, clients], id) => {
        const matcher = compileIpMatcher(list.map((rule) => rule.entry));
        for (const n of clients) {
          expect(matcher.allows(`${expanded(n)}%${id}`)).toBe(matcher.allows(expanded(n)));
          expect(normalizeAddress(`${expanded(n)}%${id}`)).toBe(normalizeAddress(expanded(n)));
        }
      }),
      { numRuns: 500 },
    );
    expect(compileIpMatcher(["fe80::/10"]).allows("fe80::1%eth0")).toBe(true);
  });
});

describe("normalizeAddress", () => {
  it("accepts what node:net accepts, legacy IPv4 forms excepted on both sides", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV4Extended(), fc.ipV6()), (address) => {
        expect(normalizeAddress(address) !== null).toBe(isIP(address) !== 0);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes IPv6 in RFC 5952 form (as the WHATWG URL serialiser does) and IPv4-mapped as IPv4", () => {
    fc.assert(
      fc.property(anyV6Text, (address) => {
        const serialised = new URL(`http://[${address}]/`).hostname.slice(1, -1);
        const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(serialised);
        const expected = mapped ? dotted(((parseInt(mapped[1]!, 16) << 16) | parseInt(mapped[2]!, 16)) >>> 0) : serialised;
        expect(normalizeAddress(address)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
