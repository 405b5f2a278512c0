import { useEffect } from "react";

// Set when the app leaves the page itself after asking in its own words (Sign out).
let askedAlready = false;

/** The next unload was agreed to in the app: the browser's question would be a second one. */
export const unloadAsked = () => {
  askedAlready = true;
};

/** While `active`, closing or reloading the tab asks first (the browser's own question). */
export function useAskBeforeUnload(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const ask = (event: BeforeUnloadEvent) => {
      if (askedAlready) return;
      event.preventDefault();
      // Older Chromium shows its own question only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [active]);
}
