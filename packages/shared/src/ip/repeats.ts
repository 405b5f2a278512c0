import { parseIpRule } from "./parse.ts";

/**
 * Entries that repeat one above them, compared as parsed (`203.0.113.010` is `203.0.113.10`),
 * by row index, with what to say. The server refuses them; the form says so before sending,
 * beside any invalid entry, so one Save names every problem of the list.
 */
export function repeatedEntries(entries: readonly string[]): Map<number, string> {
  const first = new Map<string, number>();
  const repeats = new Map<number, string>();
  entries.forEach((entry, index) => {
    const parsed = parseIpRule(entry);
    if (!parsed.ok) return;
    const earlier = first.get(parsed.rule.text);
    if (earlier === undefined) first.set(parsed.rule.text, index);
    else repeats.set(index, `${parsed.rule.text} is already in the list (IP address ${earlier + 1})`);
  });
  return repeats;
}
