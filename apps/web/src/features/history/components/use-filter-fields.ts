import { useLayoutEffect, useRef } from "react";
import { useSearchParams } from "react-router";
import { type FilterFields, readFilterFields, withFilterFields } from "../filter-fields.ts";

/**
 * The History and Activity filters, kept in the address beside the page's own parameters.
 * `replace` is for typing: one Back step per filter, not per key pressed. Each change starts from
 * the one before it, even before the page has drawn it: react-router's updater form reads the
 * address of the last render, so From and To filled in one go kept only To (a review's find).
 */
export function useFilterFields() {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  useLayoutEffect(() => {
    latest.current = params;
  }, [params]);
  const change = (next: Partial<FilterFields>, { replace = false } = {}) => {
    const updated = withFilterFields(latest.current, { ...readFilterFields(latest.current), ...next });
    latest.current = updated;
    setParams(updated, { replace });
  };
  return { fields: readFilterFields(params), address: params.toString(), change };
}
