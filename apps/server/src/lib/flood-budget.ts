import { MINUTE } from "./time.ts";

/**
 * Decides which rows a flood may still write with their own address: the first `limit` distinct
 * rows (`row`, what the record folds on) of the clock's current minute in each `scope`. A row
 * already admitted this minute stays admitted, so a repeated refusal costs nothing; a scope is
 * to be one of few (a key's id and an outcome), so a flood in one cannot spend another's. One
 * process's count: several instances each keep their own.
 */
export function perMinuteBudget(limit: number) {
  let minute = Number.NaN;
  const admitted = new Set<string>();
  const used = new Map<string, number>();
  return (now: number, scope: string, row: string) => {
    const current = Math.floor(now / MINUTE);
    if (current !== minute) {
      minute = current;
      admitted.clear();
      used.clear();
    }
    const id = `${scope}\u0000${row}`;
    if (admitted.has(id)) return true;
    const count = used.get(scope) ?? 0;
    if (count >= limit) return false;
    used.set(scope, count + 1);
    admitted.add(id);
    return true;
  };
}
