import ipaddr from "ipaddr.js";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { overlapHints, parseIpRule } from "../src/ip/index.ts";
import { dotted, expanded } from "./ip-arbitraries.ts";
import { cpuMs } from "./ip-timing.ts";

// The reference: the original quadratic overlapHints, on ranges held as bigint intervals of one
// space where an IPv4 address is its IPv4-mapped IPv6 address. "*" is wider than ::/0, which
// the hints treat as a different entry.
type Interval = { first: bigint; last: bigint };
type Entry = { index: number; shown: string; range: Interval };
const MAPPED = 0xffffn << 32n;
const ANY: Interval = { first: -1n, last: 1n << 128n };

function intervalOf(text: string): Interval {
  if (text === "*") return ANY;
  const [address = "", prefixText] = text.replaceAll("*", "0").split("/");
  const parsed = ipaddr.parse(address);
  const bits = parsed.kind() === "ipv4" ? 32 : 128;
  const stars = text.split("*").length - 1;
  const prefix = prefixText === undefined ? bits - 8 * stars : Number(prefixText);
  const value = parsed.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
  const first = (bits === 32 ? MAPPED : 0n) | value;
  return { first, last: first + (1n << BigInt(bits - prefix)) - 1n };
}

const covers = (outer: Interval, inner: Interval) => outer.first <= inner.first && inner.last <= outer.last;
const strictlyCovers = (outer: Interval, inner: Interval) => covers(outer, inner) && !covers(inner, outer);

function referenceHints(entries: readonly string[]): { index: number; message: string }[] {
  const valid: Entry[] = entries.flatMap((input, index) => {
    const parsed = parseIpRule(input);
    return parsed.ok ? [{ index, shown: input.trim(), range: intervalOf(parsed.rule.text) }] : [];
  });
  return valid.flatMap((entry) => {
    const same = valid.find((other) => other.index < entry.index && covers(entry.range, other.range) && covers(other.range, entry.range));
    if (same !== undefined) {
      const message = same.shown === entry.shown ? `${entry.shown} is listed twice` : `${entry.shown} is the same as ${same.shown}`;
      return [{ index: entry.index, message }];
    }
    let widest: Entry | undefined;
    for (const other of valid) {
      if (strictlyCovers(other.range, entry.range) && (widest === undefined || strictlyCovers(other.range, widest.range))) widest = other;
    }
    return widest === undefined ? [] : [{ index: entry.index, message: `${entry.shown} is already covered by ${widest.shown}` }];
  });
}

// Entries clustered in a few networks, so that they nest and repeat often, in several spellings.
const v4Base = fc.constantFrom(0x0a000000, 0x0a010000, 0xc0000200, 0);
const v6Base = fc.constantFrom(0x20010db8n << 96n, (0x20010db8n << 96n) | (1n << 80n), 0n, 0xfe80n << 112n);
const v4Entry = fc
  .tuple(v4Base, fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 32 }), fc.constantFrom("cidr", "address", "mapped", "wildcard"))
  .map(([base, low, prefix, style]) => {
    const n = (base | low) >>> 0;
    if (style === "address") return dotted(n);
    const network = prefix === 0 ? 0 : (n & (-1 << (32 - prefix))) >>> 0;
    if (style === "mapped") return `::ffff:${dotted(network)}/${96 + prefix}`;
    if (style === "wildcard" && prefix % 8 === 0 && prefix > 0 && prefix < 32) {
      return dotted(network)
        .split(".")
        .map((part, i) => (i < prefix / 8 ? part : "*"))
        .join(".");
    }
    return `${dotted(network)}/${prefix}`;
  });
const v6Entry = fc
  .tuple(v6Base, fc.bigInt({ min: 0n, max: (1n << 96n) - 1n }), fc.integer({ min: 0, max: 128 }), fc.boolean(), fc.boolean())
  .map(([base, low, prefix, single, upper]) => {
    const n = base | low;
    const text = single ? expanded(n) : `${expanded((n >> BigInt(128 - prefix)) << BigInt(128 - prefix))}/${prefix}`;
    return upper ? text.toUpperCase() : text;
  });
const list = fc
  .tuple(
    fc.array(fc.oneof(v4Entry, v6Entry, fc.constantFrom("*", "::/0", "0.0.0.0/0", "nonsense", "10.0.0.5/24", "")), { maxLength: 25 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("", " ")), { maxLength: 6 }),
  )
  .chain(([entries, copies]) => {
    const repeated = entries.length === 0 ? entries : [...entries, ...copies.map(([at, pad]) => `${pad}${entries[at % entries.length]}`)];
    return fc.shuffledSubarray(repeated, { minLength: repeated.length, maxLength: repeated.length });
  });

describe("overlapHints at scale", () => {
  it("gives the same hints as the quadratic reference", () => {
    fc.assert(
      fc.property(list, (entries) => {
        expect(overlapHints(entries)).toEqual(referenceHints(entries));
      }),
      { numRuns: 2000 },
    );
  });

  it("answers for 10,000 pasted entries in well under 200 ms", () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => {
      if (i % 10 === 0) return `10.${(i >> 8) & 255}.0.0/16`;
      if (i % 10 === 1) return `2001:db8:${(i % 4096).toString(16)}::/48`;
      if (i % 10 === 2) return `10.0.${i & 255}.*`;
      if (i % 10 === 3) return "192.0.2.7"; // a thousand copies of one address
      return i % 2 ? `10.${(i >> 8) & 255}.${i & 255}.${i % 251}` : `2001:db8:${(i % 4096).toString(16)}::${i.toString(16)}`;
    });
    const hints = overlapHints(entries);
    expect(hints.length).toBeGreaterThan(5_000);
    expect(hints.find((hint) => hint.index === 13)).toEqual({ index: 13, message: "192.0.2.7 is listed twice" });
    expect(hints.find((hint) => hint.index === 22)).toEqual({ index: 22, message: "10.0.22.* is already covered by 10.0.0.0/16" });
    expect(cpuMs(() => overlapHints(entries))).toBeLessThan(200);
  });
});
