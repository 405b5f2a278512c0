import { parseIpRule } from "./parse.ts";
import { containsV4, containsV6, holdsAllIpv4, type Range, rangeKey, rangeOfRule } from "./range.ts";

type Entry = { index: number; shown: string; range: Range; key: string; widest?: Entry };
type Net<R> = Entry & { range: R };
type V4 = Extract<Range, { family: 4 }>;
type V6 = Extract<Range, { family: 6 }>;

const compareV4 = (a: Net<V4>, b: Net<V4>) => a.range.network - b.range.network;
function compareV6(a: Net<V6>, b: Net<V6>): number {
  const [a0, a1, a2, a3] = a.range.network;
  const [b0, b1, b2, b3] = b.range.network;
  return a0 - b0 || a1 - b1 || a2 - b2 || a3 - b3;
}

/**
 * Sets, for each range of one family, the widest range in the list holding it (itself when none
 * is wider; the first in entry order among equal ones). CIDR ranges are nested or apart, so after
 * sorting by network, then prefix, a range lies in the last range that was not inside another.
 */
function setWidest<R extends V4 | V6>(nets: Net<R>[], compare: (a: Net<R>, b: Net<R>) => number, holds: (outer: R, inner: R) => boolean) {
  nets.sort((a, b) => compare(a, b) || a.range.prefix - b.range.prefix || a.index - b.index);
  let outermost: Net<R> | undefined;
  for (const net of nets) {
    if (outermost === undefined || !holds(outermost.range, net.range)) outermost = net;
    net.widest = outermost;
  }
}

/**
 * Advice for an admin editing a list: one message per entry that adds nothing, because it
 * repeats an earlier entry or sits inside another one. Invalid entries get no hint here:
 * their own error message already says what to fix.
 */
export function overlapHints(entries: readonly string[]): { index: number; message: string }[] {
  // O(n log n): a map finds earlier copies, one sorted sweep per family finds the widest cover.
  const valid: Entry[] = [];
  const first = new Map<string, Entry>();
  const v4: Net<V4>[] = [];
  const v6: Net<V6>[] = [];
  let any: Entry | undefined;
  // IPv6 ranges that hold all of IPv4 are nested, so the widest is the one with the shortest prefix.
  let v4Holder: Net<V6> | undefined;
  entries.forEach((input, index) => {
    const parsed = parseIpRule(input);
    if (!parsed.ok) return;
    const range = rangeOfRule(parsed.rule);
    const entry: Entry = { index, shown: input.trim(), range, key: rangeKey(range) };
    valid.push(entry);
    if (!first.has(entry.key)) first.set(entry.key, entry);
    if (range.family === "any") any ??= entry;
    else if (range.family === 4) v4.push({ ...entry, range });
    else {
      const net = { ...entry, range };
      v6.push(net);
      if (holdsAllIpv4(range) && (v4Holder === undefined || range.prefix < v4Holder.range.prefix)) v4Holder = net;
    }
  });
  setWidest(v4, compareV4, (outer, inner) => containsV4(outer, inner.network));
  setWidest(v6, compareV6, (outer, inner) => containsV6(outer, inner.network));
  const widestOf = new Map<number, Entry | undefined>([...v4, ...v6].map((net) => [net.index, net.widest]));

  const hints: { index: number; message: string }[] = [];
  for (const entry of valid) {
    const same = first.get(entry.key);
    if (same !== undefined && same !== entry) {
      const message = same.shown === entry.shown ? `${entry.shown} is listed twice` : `${entry.shown} is the same as ${same.shown}`;
      hints.push({ index: entry.index, message });
      continue;
    }
    if (entry.range.family === "any") continue;
    // "*" holds everything else; then IPv6 ranges holding all of IPv4 hold every IPv4 range.
    const widest = any ?? (entry.range.family === 4 ? v4Holder : undefined) ?? widestOf.get(entry.index);
    if (widest !== undefined && widest.index !== entry.index) {
      hints.push({ index: entry.index, message: `${entry.shown} is already covered by ${widest.shown}` });
    }
  }
  return hints;
}
