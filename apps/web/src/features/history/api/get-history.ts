import type { HistoryQuery } from "@gatehouse/shared";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryParams } from "@/lib/query-params.ts";
import { historyKeys } from "./keys.ts";

export const historyQuery = (query: HistoryQuery) =>
  queryOptions({
    queryKey: historyKeys.page(query),
    queryFn: () => unwrap(api.api.admin.history.$get({ query: queryParams(query) })),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

/** `enabled: false` while the filters are wrong: the page says why instead of asking. */
export const useHistory = (query: HistoryQuery, { enabled = true } = {}) => useQuery({ ...historyQuery(query), enabled });
