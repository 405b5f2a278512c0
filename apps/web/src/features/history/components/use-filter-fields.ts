import { useSearchParams } from "react-router";
import { type FilterFields, readFilterFields, withFilterFields } from "../filter-fields.ts";

/**
 * The History and Activity filters, kept in the address beside the page's own parameters.
 * `replace` is for typing: one Back step per filter, not per key pressed.
 */
export function useFilterFields() {
  const [params, setParams] = useSearchParams();
  const change = (next: Partial<FilterFields>, { replace = false } = {}) =>
    setParams((current) => withFilterFields(current, { ...readFilterFields(current), ...next }), { replace });
  return { fields: readFilterFields(params), address: params.toString(), change };
}
