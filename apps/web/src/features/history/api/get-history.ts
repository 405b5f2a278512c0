import type { HistoryQuery } from "@gatehouse/shared";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client.ts";

export const historyKeys = {
  all: ["history"] as const,
  page: (query: HistoryQuery) => ["history", "page", query] as const,
};

/** The query as URL parameters, leaving out what is not set. */
export const historyParams = (query: HistoryQuery) =>
  Object.fromEntries(Object.entries(query).flatMap(([name, value]) => (value === undefined || value === "" ? [] : [[name, String(value)]])));

export const historyQuery = (query: HistoryQuery) =>
  queryOptions({
    queryKey: historyKeys.page(query),
    queryFn: () => unwrap(api.api.admin.history.$get({ query: historyParams(query) })),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

export const useHistory = (query: HistoryQuery) => useQuery(historyQuery(query));
