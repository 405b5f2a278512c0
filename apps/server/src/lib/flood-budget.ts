import { MINUTE } from "./time.ts";

/**
 * The whole address space an address is in, written as a network: what a flood's refusals are
 * recorded under once there are too many a minute to keep them apart by address.
 */
export const anyAddress = (ip: string) => (ip.includes(":") ? "::/0" : "0.0.0.0/0");

/**
 * Counts events in the clock's current minute, for each key apart, and answers whether this one
 * is among its key's first `limit`. Keys are to be few (a key's id, or "" for none): a flood on
 * one cannot spend another's. One process's count: several instances each keep their own.
 */
export function perMinuteBudget(limit: number) {
  let minute = Number.NaN;
  const used = new Map<string, number>();
  return (now: number, key = "") => {
    const current = Math.floor(now / MINUTE);
    if (current !== minute) {
      minute = current;
      used.clear();
    }
    const count = (used.get(key) ?? 0) + 1;
    used.set(key, count);
    return count <= limit;
  };
}
