import { type Hit, netTable4, netTable6 } from "./net-table.ts";
import { parseIpRule } from "./parse.ts";
import { holdsAllIpv4, parseValue, rangeOfRule, type Words } from "./range.ts";

export type IpMatcher = {
  allows(address: string): boolean;
  /** the normalised text of the first rule that matches, or null */
  matchingRule(address: string): string | null;
};

const wordsKey = (words: Words): string => `${words[0]},${words[1]},${words[2]},${words[3]}`;

function earlier(a: Hit | null, b: Hit | undefined): Hit | null {
  return b !== undefined && (a === null || b.index < a.index) ? b : a;
}

/**
 * Compiles entries (already valid; throws an Error on an invalid one) into a matcher for the
 * request hot path: single addresses go in hash maps, ranges in typed arrays of (network, mask)
 * in entry order, and each incoming address is parsed once per call. An empty list allows nothing.
 */
export function compileIpMatcher(entries: readonly string[]): IpMatcher {
  let any: Hit | null = null;
  const exact4 = new Map<number, Hit>();
  const exact6 = new Map<string, Hit>();
  const nets4: (Hit & { network: number; mask: number })[] = [];
  const nets6: (Hit & { network: Words; mask: Words })[] = [];

  entries.forEach((entry, index) => {
    const parsed = parseIpRule(entry);
    if (!parsed.ok) throw new Error(`IP rule ${index + 1} is invalid: ${parsed.error}`);
    const hit = { index, text: parsed.rule.text };
    const range = rangeOfRule(parsed.rule);
    if (range.family === "any") {
      any ??= hit;
    } else if (range.family === 4) {
      if (range.prefix < 32) nets4.push({ ...hit, network: range.network, mask: range.mask });
      else if (!exact4.has(range.network)) exact4.set(range.network, hit);
    } else {
      if (range.prefix < 128) nets6.push({ ...hit, network: range.network, mask: range.mask });
      else if (!exact6.has(wordsKey(range.network))) exact6.set(wordsKey(range.network), hit);
      // Pushed in entry order like the rest, so nets4 stays sorted by index.
      if (holdsAllIpv4(range)) nets4.push({ ...hit, network: 0, mask: 0 });
    }
  });
  const table4 = netTable4(nets4);
  const table6 = netTable6(nets6);

  function firstMatch(address: string): Hit | null {
    const value = parseValue(address);
    if (value === null) return null;
    const best = value.family === 4 ? earlier(any, exact4.get(value.value)) : earlier(any, exact6.get(wordsKey(value.words)));
    const before = best?.index ?? Number.MAX_SAFE_INTEGER;
    const net = value.family === 4 ? table4.first(value.value, before) : table6.first(value.words, before);
    return net ?? best;
  }

  // The last address asked about, and the answer: an integration calls from the same address
  // over and over, and parsing it (0.5–0.7 µs in a Bearer call's profile) was most of the check. The
  // matcher never changes (an edited list is compiled anew), so the answer cannot go stale.
  let lastAddress: string | null = null;
  let lastAllowed = false;
  return {
    allows: (address) => {
      if (address !== lastAddress) {
        lastAllowed = firstMatch(address) !== null;
        lastAddress = address;
      }
      return lastAllowed;
    },
    matchingRule: (address) => firstMatch(address)?.text ?? null,
  };
}
