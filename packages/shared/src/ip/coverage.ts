import { parseIpRule } from "./parse.ts";
import { holdsAllIpv4, type Range, rangeOfRule, type Words } from "./range.ts";

/** Whether a list lets in every IPv4 client and every IPv6 client, each family on its own. */
export type IpCoverage = { ipv4: boolean; ipv6: boolean };

type Span = { first: bigint; last: bigint };

const LAST_V4 = (1n << 32n) - 1n;
const LAST_V6 = (1n << 128n) - 1n;
// ::ffff:0:0/96. A client there is an IPv4 client (addresses are normalised before matching), so
// for IPv6 the block counts as covered and is judged with IPv4.
const MAPPED_BLOCK: Span = { first: 0xffffn << 32n, last: (0xffffn << 32n) | LAST_V4 };

const bigintOf = (words: Words): bigint => (BigInt(words[0]) << 96n) | (BigInt(words[1]) << 64n) | (BigInt(words[2]) << 32n) | BigInt(words[3]);

function spanOf(range: Exclude<Range, { family: "any" }>): Span {
  const first = range.family === 4 ? BigInt(range.network) : bigintOf(range.network);
  return { first, last: first + (1n << BigInt((range.family === 4 ? 32 : 128) - range.prefix)) - 1n };
}

/** Sorts and sweeps: whether the spans together reach from 0 to `last` without a gap. */
function coversAll(spans: Span[], last: bigint): boolean {
  spans.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n; // the lowest address no span seen so far holds
  for (const span of spans) {
    if (span.first > next) return false;
    if (span.last >= next) next = span.last + 1n;
    if (next > last) return true;
  }
  return false;
}

/**
 * Which families the valid entries of a list cover entirely, together: 0.0.0.0/1 and
 * 128.0.0.0/1 are every IPv4 address as much as 0.0.0.0/0 is, and ::/0 is every address of both.
 * Invalid entries are ignored, as they can never match. O(n log n).
 */
export function ipCoverage(entries: readonly string[]): IpCoverage {
  const v4: Span[] = [];
  const v6: Span[] = [MAPPED_BLOCK];
  let allIpv4 = false;
  for (const entry of entries) {
    const parsed = parseIpRule(entry);
    if (!parsed.ok) continue;
    const range = rangeOfRule(parsed.rule);
    if (range.family === "any") return { ipv4: true, ipv6: true };
    if (range.family === 4) v4.push(spanOf(range));
    else {
      v6.push(spanOf(range));
      allIpv4 ||= holdsAllIpv4(range);
    }
  }
  return { ipv4: allIpv4 || coversAll(v4, LAST_V4), ipv6: coversAll(v6, LAST_V6) };
}

/** Whether the list lets every address in, IPv4 and IPv6: as risky as "*", however it is written. */
export function allowsEveryone(entries: readonly string[]): boolean {
  const coverage = ipCoverage(entries);
  return coverage.ipv4 && coverage.ipv6;
}

/** The families a list lets in entirely, as messages name them ("IPv4 and IPv6", "IPv4", "IPv6"), or null. */
export function openFamilies(coverage: IpCoverage): string | null {
  if (coverage.ipv4 && coverage.ipv6) return "IPv4 and IPv6";
  if (coverage.ipv4) return "IPv4";
  return coverage.ipv6 ? "IPv6" : null;
}
