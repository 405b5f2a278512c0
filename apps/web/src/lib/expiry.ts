const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The same window as the Activity summary and the credential.expiring notice. */
export const EXPIRING_WITHIN_DAYS = 14;
/** A key this old that has never made a call is worth a look; a younger one is just not used yet. */
export const NEVER_USED_AFTER_DAYS = 30;

/** Whether a key's expiry has passed: it is then refused like a disabled key. */
export const hasExpired = (expiresAt: string | null, now: number) => expiresAt !== null && Date.parse(expiresAt) <= now;

/** True when the expiry is still ahead but within the warning window. */
export function expiresSoon(expiresAt: string | null, now: number): boolean {
  if (!expiresAt) return false;
  const left = new Date(expiresAt).getTime() - now;
  return left > 0 && left <= EXPIRING_WITHIN_DAYS * DAY_MS;
}

// useNow() runs up to 30 s behind the clock: a key set to expire in exactly 6 days must not
// read "7 days" for that half minute.
const CLOCK_SLACK_MS = 60_000;

/** "3 days", "1 day", "5 hours" until the expiry: whole units, rounded up (past a minute's slack). */
export function timeLeft(expiresAt: string, now: number): string {
  const left = new Date(expiresAt).getTime() - now;
  const rounded = left - CLOCK_SLACK_MS;
  if (left < DAY_MS) {
    const hours = Math.max(1, Math.ceil(rounded / HOUR_MS));
    return `${hours} hour${hours === 1 ? "" : "s"}`;
  }
  const days = Math.ceil(rounded / DAY_MS);
  return `${days} day${days === 1 ? "" : "s"}`;
}

/** Whole days since an instant, for "added 45 days ago". */
export const daysSince = (iso: string, now: number) => Math.floor((now - new Date(iso).getTime()) / DAY_MS);
