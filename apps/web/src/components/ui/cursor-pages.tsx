import { useState, type ReactNode } from "react";

/**
 * Newest-first lists paged by the server's cursors: remembers the cursors walked so Newer can go
 * back. `reset` returns to the first page (after a filter changes).
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    newer: () => setCursors((list) => list.slice(0, -1)),
    older: (next: string) => setCursors((list) => [...list, next]),
    reset: () => setCursors([]),
  };
}

type PagerProps = { pages: ReturnType<typeof useCursorPages>; nextCursor: string | null | undefined; children?: ReactNode };

/** Newer / Older buttons under such a list; `children` sit on the left (e.g. Export CSV). */
export function CursorPager({ pages, nextCursor, children }: PagerProps) {
  return (
    <div className="pagination">
      {children ?? <span />}
      <div className="button-row">
        <span>{pages.page > 1 ? `Page ${pages.page}` : "Newest first"}</span>
        <button type="button" className="button small" disabled={pages.page === 1} onClick={pages.newer}>
          Newer
        </button>
        <button type="button" className="button small" disabled={!nextCursor} onClick={() => nextCursor && pages.older(nextCursor)}>
          Older
        </button>
      </div>
    </div>
  );
}
