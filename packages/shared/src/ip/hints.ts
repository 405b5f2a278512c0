import { parseIpRule } from "./parse.ts";
import { containsV4, containsV6, holdsAllIpv4, type Range, rangeOfRule } from "./range.ts";

type Entry = { index: number; shown: string; range: Range };

/** Whether every address in `inner` is also in `outer`. */
function covers(outer: Range, inner: Range): boolean {
  if (outer.family === "any") return true;
  if (inner.family === "any") return false;
  if (outer.family === 4) {
    return inner.family === 4 && outer.prefix <= inner.prefix && containsV4(outer, inner.network);
  }
  if (inner.family === 4) return holdsAllIpv4(outer);
  return outer.prefix <= inner.prefix && containsV6(outer, inner.network);
}

const strictlyCovers = (outer: Range, inner: Range): boolean => covers(outer, inner) && !covers(inner, outer);

function hintFor(entry: Entry, others: readonly Entry[]): string | null {
  const same = others.find(
    (other) => other.index < entry.index && covers(entry.range, other.range) && covers(other.range, entry.range),
  );
  if (same !== undefined) {
    return same.shown === entry.shown ? `${entry.shown} is listed twice` : `${entry.shown} is the same as ${same.shown}`;
  }
  // Name the widest cover (the ranges holding one range are nested), so that the hint does not
  // point at an entry that is itself redundant.
  let widest: Entry | undefined;
  for (const other of others) {
    if (strictlyCovers(other.range, entry.range) && (widest === undefined || strictlyCovers(other.range, widest.range))) {
      widest = other;
    }
  }
  return widest === undefined ? null : `${entry.shown} is already covered by ${widest.shown}`;
}

/**
 * Advice for an admin editing a list: one message per entry that adds nothing, because it
 * repeats an earlier entry or sits inside another one. Invalid entries get no hint here:
 * their own error message already says what to fix.
 */
export function overlapHints(entries: readonly string[]): { index: number; message: string }[] {
  const valid: Entry[] = [];
  entries.forEach((input, index) => {
    const parsed = parseIpRule(input);
    if (parsed.ok) {
      valid.push({ index, shown: input.trim(), range: rangeOfRule(parsed.rule) });
    }
  });
  const hints: { index: number; message: string }[] = [];
  for (const entry of valid) {
    const message = hintFor(entry, valid);
    if (message !== null) hints.push({ index: entry.index, message });
  }
  return hints;
}
