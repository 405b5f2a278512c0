import { useEffect, useSyncExternalStore } from "react";

/** What an open form has not saved, in its words, for questions asked outside it (Sign out). */
export type UnsavedWork = { changes: string[]; warning: string | null };

let current: UnsavedWork | null = null;
const listeners = new Set<() => void>();
const publish = (work: UnsavedWork | null) => {
  current = work;
  for (const listener of listeners) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Said by the form while it has unsaved changes (null when it has none); withdrawn when it closes. */
export function useReportUnsavedWork(work: UnsavedWork | null) {
  // Compared by content: the form hands over a new object on every render.
  const content = work === null ? null : JSON.stringify(work);
  useEffect(() => {
    publish(content === null ? null : (JSON.parse(content) as UnsavedWork));
    return () => publish(null);
  }, [content]);
}

/** The open form's unsaved changes, or null. */
export const useUnsavedWork = () => useSyncExternalStore(subscribe, () => current);
