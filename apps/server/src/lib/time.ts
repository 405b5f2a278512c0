// The last second formatted: answers within one second share "2026-11-26T11:20:05." and only
// the milliseconds differ (every Bearer answer carries its token's sliding expiry).
let memoSecond = Number.NaN;
let memoPrefix = "";

/** `2026-11-26T11:20:05.123Z`, as Date#toISOString. */
export function toIso(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== memoSecond || !Number.isSafeInteger(ms)) {
    const iso = new Date(ms).toISOString();
    if (!Number.isSafeInteger(ms) || iso.length !== 24) return iso;
    memoSecond = second;
    memoPrefix = iso.slice(0, 20);
  }
  const millis = ms - second * 1000;
  return `${memoPrefix}${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}
export const toIsoOrNull = (ms: number | null) => (ms === null ? null : toIso(ms));

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
