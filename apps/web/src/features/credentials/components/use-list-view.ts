import { useSearchParams } from "react-router";
import { type CredentialListView, listViewParams, readListView } from "../list-params.ts";

/**
 * The APIs list's search, status, sort and page, kept in the address. Any change but a page turn
 * goes back to page 1. `replace` is for typing: one Back step per search, not per key pressed.
 */
export function useListView() {
  const [params, setParams] = useSearchParams();
  const view = readListView(params);
  const change = (next: Partial<CredentialListView>, { replace = false } = {}) =>
    setParams((current) => listViewParams({ ...readListView(current), page: 1, ...next }), { replace });
  return { view, change, address: listViewParams(view).toString() };
}
