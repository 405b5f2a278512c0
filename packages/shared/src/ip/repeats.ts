import { parseIpRule } from "./parse.ts";
import { rangeKey, rangeOfRule } from "./range.ts";
import type { IpRule } from "./rule.ts";

/**
 * Entries that allow exactly the addresses of one above them (`203.0.113.010` is `203.0.113.10`,
 * `1.2.3.4/32` is `1.2.3.4`, `192.0.2.*` is `192.0.2.0/24`), by row index, with what to say. The
 * server refuses them; the form says so before sending, beside any invalid entry, so one Save
 * names every problem of the list.
 */
export const repeatedEntries = (entries: readonly string[]): Map<number, string> =>
  repeatedRules(
    entries.map((entry) => {
      const parsed = parseIpRule(entry);
      return parsed.ok ? parsed.rule : null;
    }),
  );

/**
 * The same, for entries already parsed (null where invalid): the IP tab's hint while typing says
 * what Save's error would.
 */
export function repeatedRules(rules: readonly (IpRule | null)[]): Map<number, string> {
  const first = new Map<string, { index: number; text: string }>();
  const repeats = new Map<number, string>();
  rules.forEach((rule, index) => {
    if (rule === null) return;
    const key = rangeKey(rangeOfRule(rule));
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, { index, text: rule.text });
    else {
      const row = `(IP address ${earlier.index + 1})`;
      repeats.set(index, earlier.text === rule.text ? `${rule.text} is already in the list ${row}` : `${rule.text} is the same as ${earlier.text} ${row}`);
    }
  });
  return repeats;
}

/** The first of `entries` (valid, normalised) that allows exactly the addresses `rule` does, or null. */
export function sameRuleIn(entries: readonly string[], rule: IpRule): string | null {
  const key = rangeKey(rangeOfRule(rule));
  for (const entry of entries) {
    const parsed = parseIpRule(entry);
    if (parsed.ok && rangeKey(rangeOfRule(parsed.rule)) === key) return entry;
  }
  return null;
}
