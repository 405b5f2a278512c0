import { DAY, HOUR, SECOND } from "../../lib/time.ts";

export type RetrySchedule = {
  /** The wait after the first failed attempt; each further failure doubles it… */
  firstDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A delivery still failing this long after it was stored is given up ("failed"). */
  giveUpAfterMs: number;
};

/** 10 s, 20 s, 40 s … capped at one hour: about 30 attempts in the 24 h. */
export const defaultRetrySchedule: RetrySchedule = { firstDelayMs: 10 * SECOND, maxDelayMs: HOUR, giveUpAfterMs: DAY };

/**
 * The wait before attempt `failedAttempts + 1`: exponential, capped, with "equal jitter" (half
 * fixed, half random) so endpoints that failed together do not all come back at the same moment.
 * `random` is in [0, 1).
 */
export function retryDelay(schedule: RetrySchedule, failedAttempts: number, random: number): number {
  const exponential = schedule.firstDelayMs * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 40);
  const capped = Math.min(exponential, schedule.maxDelayMs);
  return Math.round(capped / 2 + (capped / 2) * random);
}

/** When the next attempt is due, or null when the delivery is given up. */
export function nextAttemptAt(schedule: RetrySchedule, storedAt: number, now: number, failedAttempts: number, random: number): number | null {
  const at = now + retryDelay(schedule, failedAttempts, random);
  return at - storedAt > schedule.giveUpAfterMs ? null : at;
}
