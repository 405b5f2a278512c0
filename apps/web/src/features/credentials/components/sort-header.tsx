import type { credentialSorts } from "@gatehouse/shared";

export type CredentialSort = (typeof credentialSorts)[number];
export type SortState = { sort: CredentialSort; order: "asc" | "desc" };

/** A column header that sorts the list on the server; announces its state with aria-sort. */
export function SortHeader({ label, column, state, onSort }: { label: string; column: CredentialSort; state: SortState; onSort: (next: SortState) => void }) {
  const active = state.sort === column;
  const next: SortState = { sort: column, order: active && state.order === "asc" ? "desc" : active ? "asc" : column === "username" ? "asc" : "desc" };
  return (
    <th scope="col" aria-sort={active ? (state.order === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort-button" onClick={() => onSort(next)}>
        {label}
        <span aria-hidden="true">{active ? (state.order === "asc" ? "▲" : "▼") : "↕"}</span>
      </button>
    </th>
  );
}
