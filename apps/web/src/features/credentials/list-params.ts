import { credentialStatusSchema, listCredentialsQuerySchema, type CredentialStatus, type ListCredentialsQuery } from "@gatehouse/shared";
import { z } from "zod";
import { paths } from "@/lib/paths.ts";
import { paramOr } from "@/lib/search-params.ts";
import { CREDENTIALS_PAGE_SIZE } from "./api/get-credentials.ts";
import type { SortState } from "./components/sort-header.tsx";

/** What the APIs list shows, as its address keeps it: a reload or Back from a key shows the same rows. */
export type CredentialListView = SortState & { search: string; status: CredentialStatus | undefined; page: number };

export const defaultListView: CredentialListView = { search: "", status: undefined, sort: "username", order: "asc", page: 1 };

const fields = listCredentialsQuerySchema.shape;
// The search box shows what was typed (the query trims it), so it is read as text, not trimmed;
// a control character (a pasted %00) the server would refuse is left out with the rest of a bad value.
const searchParam = z
  .string()
  .max(20)
  .regex(/^[^\p{Cc}]*$/u);

/** The list's view from `?search=&status=&sort=&order=&page=`; a missing or wrong value is its default. */
export function readListView(params: URLSearchParams): CredentialListView {
  return {
    search: paramOr(params, "search", searchParam, defaultListView.search),
    status: paramOr(params, "status", credentialStatusSchema, defaultListView.status),
    sort: paramOr(params, "sort", fields.sort, defaultListView.sort),
    order: paramOr(params, "order", fields.order, defaultListView.order),
    page: paramOr(params, "page", fields.page, defaultListView.page),
  };
}

/** The address for a view, leaving defaults out: the plain list is plain `/apis`. */
export function listViewParams(view: CredentialListView): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ["search", "status", "sort", "order", "page"] as const) {
    if (view[name] !== defaultListView[name] && view[name] !== undefined) params.set(name, String(view[name]));
  }
  return params;
}

/** The server query for a view (the route loader and the page ask for the same one). */
export const listQuery = (view: CredentialListView, search = view.search): ListCredentialsQuery => ({
  search: search.trim(),
  status: view.status,
  sort: view.sort,
  order: view.order,
  page: view.page,
  pageSize: CREDENTIALS_PAGE_SIZE,
});

// The list's last address in this tab, for the credential page's Cancel and breadcrumb: going
// back to the list by a link shows it as it was, as the browser's Back does.
let lastListParams = "";

export const rememberListView = (view: CredentialListView) => {
  lastListParams = listViewParams(view).toString();
};

export const listAddress = () => (lastListParams ? `${paths.apis}?${lastListParams}` : paths.apis);
