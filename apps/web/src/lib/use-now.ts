import { useCallback, useSyncExternalStore } from "react";

const TICK_MS = 30_000;
const subscribe = (onTick: () => void) => {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
};
// Rounded so React sees the same value until the next tick.
const snapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

/** The current time, re-rendering every 30 seconds (for "expired" and "3 minutes ago"). */
export const useNow = () => useSyncExternalStore(subscribe, snapshot);

// setTimeout fires at once past 2^31 - 1 ms (24.8 days); a later instant is waited for in steps.
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Whether an instant (ISO) has passed, turning true at that moment rather than at useNow's next
 * tick: a key's Expired badge must not say Enabled for half a minute after the key stops working.
 */
export function useHasPassed(instant: string | null): boolean {
  const at = instant === null ? null : Date.parse(instant);
  const subscribeToInstant = useCallback(
    (onPassed: () => void) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wait = () => {
        const left = at === null ? 0 : at - Date.now();
        if (left > 0) timer = setTimeout(wait, Math.min(left, LONGEST_TIMEOUT_MS));
        else if (at !== null) onPassed();
      };
      if (at !== null && at > Date.now()) wait();
      return () => clearTimeout(timer);
    },
    [at],
  );
  return useSyncExternalStore(subscribeToInstant, () => at !== null && at <= Date.now());
}
