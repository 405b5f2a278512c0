import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowsEveryone, compileIpMatcher, ipCoverage } from "../src/ip/index.ts";
import { dotted, expanded, v4, v6 } from "./ip-arbitraries.ts";
import { cpuMs } from "./ip-timing.ts";

// Entries are generated with the range they stand for, so the test knows the ranges without
// the parser; the prefixes are short and lists are often whole partitions of the address space
// (sometimes missing a piece), so that "covers everything" is as common as "does not".
type Span = { family: 4 | 6; start: bigint; prefix: number };
type Entry = { text: string; span: Span | "any" };

const BITS = { 4: 32, 6: 128 } as const;
const MAPPED = 0xffffn << 32n;
const sizeOf = (span: Span) => 1n << BigInt(BITS[span.family] - span.prefix);
const network = (family: 4 | 6, n: bigint, prefix: number) => (n >> BigInt(BITS[family] - prefix)) << BigInt(BITS[family] - prefix);

function textOf(span: Span, mappedForm: boolean): string {
  if (span.family === 6) return `${expanded(span.start)}/${span.prefix}`;
  // The same IPv4 range written as IPv4-mapped IPv6, which the parser folds back into IPv4.
  if (mappedForm) return `${expanded(MAPPED | span.start)}/${96 + span.prefix}`;
  return span.prefix === 32 ? dotted(Number(span.start)) : `${dotted(Number(span.start))}/${span.prefix}`;
}

/** Splits the whole space of a family into CIDR ranges, one split decision per bit. */
function partition(family: 4 | 6, splits: readonly boolean[]): Span[] {
  let at = 0;
  const cut = (start: bigint, prefix: number): Span[] => {
    const split = prefix < 6 && (splits[at++ % Math.max(splits.length, 1)] ?? false);
    if (!split) return [{ family, start, prefix }];
    const half = 1n << BigInt(BITS[family] - prefix - 1);
    return [...cut(start, prefix + 1), ...cut(start + half, prefix + 1)];
  };
  return cut(0n, 0);
}

const randomSpan = fc.oneof(
  fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([n, prefix]): Span => ({ family: 4, start: network(4, BigInt(n), prefix), prefix })),
  fc.tuple(v6, fc.integer({ min: 0, max: 128 })).map(([n, prefix]): Span => ({ family: 6, start: network(6, n, prefix), prefix })),
  fc
    .tuple(fc.constantFrom<4 | 6>(4, 6), fc.bigInt({ min: 0n, max: 7n }), fc.integer({ min: 1, max: 3 }))
    .map(([family, top, prefix]): Span => ({ family, start: network(family, top << BigInt(BITS[family] - 3), prefix), prefix })),
  // Ranges around the IPv4-mapped block: ::/64 and ::ffff:0:0/97 hold it whole or in part.
  fc.constantFrom<Span>(
    { family: 6, start: 0n, prefix: 64 },
    { family: 6, start: 0n, prefix: 95 },
    { family: 6, start: MAPPED, prefix: 97 },
    { family: 6, start: 0n, prefix: 96 },
  ),
);

const entries: fc.Arbitrary<Entry[]> = fc
  .tuple(
    fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
    fc.subarray([4, 6] as const),
    fc.array(randomSpan, { maxLength: 5 }),
    fc.nat(),
    fc.boolean(),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  )
  .chain(([splits4, splits6, families, extra, drop, star, mappedForms]) => {
    const spans = [...(families.includes(4) ? partition(4, splits4) : []), ...(families.includes(6) ? partition(6, splits6) : []), ...extra];
    // Dropping one piece of a partition is what most often turns "everything" into "almost everything".
    if (spans.length > 0 && drop % 3 === 0) spans.splice(drop % spans.length, 1);
    const list: Entry[] = spans.map((span, i) => ({ text: textOf(span, mappedForms[i % mappedForms.length] ?? false), span }));
    if (star && drop % 7 === 0) list.push({ text: "*", span: "any" });
    return fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length });
  });

/**
 * Addresses that must include an uncovered one whenever a family is not fully covered: an
 * uncovered stretch starts at the bottom of the space or just past the end of some range.
 */
function witnesses(list: readonly Entry[]): { ipv4: string[]; ipv6: string[] } {
  // An IPv6 range inside the IPv4-mapped block is an IPv4 range.
  const spans = list.flatMap(({ span }): Span[] => {
    if (span === "any") return [];
    if (span.family === 6 && span.prefix >= 96 && span.start >> 32n === 0xffffn) return [{ family: 4, start: span.start - MAPPED, prefix: span.prefix - 96 }];
    return [span];
  });
  const ends = (family: 4 | 6) =>
    spans.flatMap((span) => (span.family === family ? [span.start + sizeOf(span)] : [])).filter((n) => n < 1n << BigInt(BITS[family]));
  const ipv4 = [0n, ...ends(4)].map((n) => dotted(Number(n)));
  // IPv4-mapped addresses are IPv4 clients; just past their block is the first IPv6 one again.
  const ipv6 = [0n, MAPPED + (1n << 32n), ...ends(6)].filter((n) => n >> 32n !== 0xffffn).map(expanded);
  return { ipv4, ipv6 };
}

describe("ipCoverage and allowsEveryone", () => {
  it("say a family is covered exactly when the matcher allows every candidate gap address", () => {
    fc.assert(
      fc.property(entries, (list) => {
        const texts = list.map((entry) => entry.text);
        const matcher = compileIpMatcher(texts);
        const coverage = ipCoverage(texts);
        const candidates = witnesses(list);
        expect(coverage.ipv4).toBe(candidates.ipv4.every((address) => matcher.allows(address)));
        expect(coverage.ipv6).toBe(candidates.ipv6.every((address) => matcher.allows(address)));
        expect(allowsEveryone(texts)).toBe(coverage.ipv4 && coverage.ipv6);
      }),
      { numRuns: 1000 },
    );
  });

  it("when a family is covered, random addresses of it are all allowed", () => {
    fc.assert(
      fc.property(entries, fc.array(v4, { maxLength: 20 }), fc.array(v6, { maxLength: 20 }), (list, fours, sixes) => {
        const texts = list.map((entry) => entry.text);
        const matcher = compileIpMatcher(texts);
        const coverage = ipCoverage(texts);
        const refused = (addresses: string[]) => addresses.filter((address) => !matcher.allows(address));
        expect(coverage.ipv4 ? refused(fours.map(dotted)) : []).toEqual([]);
        expect(coverage.ipv6 ? refused(sixes.map(expanded)) : []).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    [["*"], true, true],
    [["::/0"], true, true],
    [["0.0.0.0/0"], true, false],
    [["::ffff:0:0/96"], true, false],
    [["::/64"], true, false],
    [["0.0.0.0/1", "128.0.0.0/1", "::/0"], true, true],
    [["0.0.0.0/0", "::/0"], true, true],
    [["0.0.0.0/1", "128.0.0.0/2", "192.*.*.*", "193.0.0.0/8", "194.0.0.0/7", "196.0.0.0/6", "200.0.0.0/5", "208.0.0.0/4", "224.0.0.0/3"], true, false],
    [["::/1", "8000::/1"], true, true],
    [["0.0.0.0/1", "::/0", "garbage"], true, true],
    [["0.0.0.0/1", "128.0.0.0/1"], true, false],
    [["0.0.0.0/1", "128.0.0.0/2"], false, false],
    [["::/96", "2000::/3"], false, false],
    [[], false, false],
  ])("%j covers IPv4: %s, IPv6: %s", (list, ipv4, ipv6) => {
    expect(ipCoverage(list)).toEqual({ ipv4, ipv6 });
    expect(allowsEveryone(list)).toBe(ipv4 && ipv6);
  });

  it("counts the IPv4-mapped block with IPv4: every IPv6 range but that block, plus 0.0.0.0/0, is everyone", () => {
    // The sibling of each prefix of ::ffff:0:0/96: together they are every IPv6 address outside it.
    const around = Array.from({ length: 96 }, (_, i) => {
      const prefix = i + 1;
      const shift = BigInt(128 - prefix);
      return `${expanded(((MAPPED >> shift) ^ 1n) << shift)}/${prefix}`;
    });
    expect(ipCoverage(around)).toEqual({ ipv4: false, ipv6: true });
    expect(allowsEveryone([...around, "0.0.0.0/0"])).toBe(true);
    expect(compileIpMatcher(around).allows("::ffff:192.0.2.1")).toBe(false);
    expect(ipCoverage(around.slice(1))).toEqual({ ipv4: false, ipv6: false });
  });

  it("answers for 10,000 entries in well under 100 ms", () => {
    const list = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `10.${(i >> 8) & 255}.${i & 255}.0/24` : `2001:db8:${i.toString(16)}::/48`));
    list.push("0.0.0.0/1", "128.0.0.0/1");
    expect(ipCoverage(list)).toEqual({ ipv4: true, ipv6: false });
    expect(cpuMs(() => ipCoverage(list))).toBeLessThan(100);
  });
});
