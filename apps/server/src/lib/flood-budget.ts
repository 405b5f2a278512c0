import { MINUTE } from "./time.ts";

/**
 * The whole address space an address is in, written as a network: what a flood's refusals are
 * recorded under once there are too many a minute to keep them apart by address.
 */
export const anyAddress = (ip: string) => (ip.includes(":") ? "::/0" : "0.0.0.0/0");

/**
 * Counts events in the clock's current minute and answers whether this one is among the first
 * `limit`. One process's count: several instances each keep their own.
 */
export function perMinuteBudget(limit: number) {
  let minute = Number.NaN;
  let used = 0;
  return (now: number) => {
    const current = Math.floor(now / MINUTE);
    if (current !== minute) {
      minute = current;
      used = 0;
    }
    used += 1;
    return used <= limit;
  };
}
