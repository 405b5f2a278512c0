import { useSyncExternalStore } from "react";

const TICK_MS = 30_000;
const subscribe = (onTick: () => void) => {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
};
// Rounded so React sees the same value until the next tick.
const snapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

/** The current time, re-rendering every 30 seconds (for "expired" and "3 minutes ago"). */
export const useNow = () => useSyncExternalStore(subscribe, snapshot);
