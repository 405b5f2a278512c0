// The last seconds formatted: answers within one second share "2026-11-26T11:20:05." and only
// the milliseconds differ. Two slots, because a Bearer call formats two seconds at once: its
// token's sliding expiry in the answer and the access log's time. With one slot they evicted
// each other, and every call paid Date#toISOString twice: the access log then cost a Bearer call
// 16% of its throughput against LOG_LEVEL=warn, and 4-7% with two slots.
const memoSeconds = [Number.NaN, Number.NaN];
const memoPrefixes = ["", ""];
let memoNext = 0;

function secondPrefix(second: number, ms: number): string | null {
  if (memoSeconds[0] === second) return memoPrefixes[0] as string;
  if (memoSeconds[1] === second) return memoPrefixes[1] as string;
  const iso = new Date(ms).toISOString();
  if (iso.length !== 24) return null;
  const prefix = iso.slice(0, 20);
  memoSeconds[memoNext] = second;
  memoPrefixes[memoNext] = prefix;
  memoNext = 1 - memoNext;
  return prefix;
}

/** `2026-11-26T11:20:05.123Z`, as Date#toISOString. */
export function toIso(ms: number): string {
  if (!Number.isSafeInteger(ms)) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  const prefix = secondPrefix(second, ms);
  if (prefix === null) return new Date(ms).toISOString();
  const millis = ms - second * 1000;
  return `${prefix}${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}
export const toIsoOrNull = (ms: number | null) => (ms === null ? null : toIso(ms));

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
