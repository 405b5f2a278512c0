import { useState, type ReactNode } from "react";

/**
 * Newest-first lists paged by the server's cursors: remembers the cursors walked so Newer can go
 * back. `reset` returns to the first page (after a filter changes); so does another `list` (the
 * filters as text), however it changed (Back, a link).
 */
export function useCursorPages(list = "") {
  const [walked, setWalked] = useState({ list, cursors: [] as string[] });
  const cursors = walked.list === list ? walked.cursors : [];
  const walk = (next: string[]) => setWalked({ list, cursors: next });
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    newer: () => walk(cursors.slice(0, -1)),
    older: (next: string) => walk([...cursors, next]),
    reset: () => walk([]),
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
