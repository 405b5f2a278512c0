type PaginationProps = { page: number; pageSize: number; total: number; onPage: (page: number) => void; noun?: string };

/** "26–50 of 132" with previous/next. */
export function Pagination({ page, pageSize, total, onPage, noun = "items" }: PaginationProps) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label="Pages">
      <span>
        {first}–{last} of {total.toLocaleString()} {noun}
      </span>
      <div className="button-row">
        <button type="button" className="button small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page} of {pages}
        </span>
        <button type="button" className="button small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </button>
      </div>
    </nav>
  );
}
