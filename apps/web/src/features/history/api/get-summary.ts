import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { historyKeys } from "./keys.ts";

export const summaryQuery = queryOptions({
  queryKey: historyKeys.summary,
  queryFn: () => unwrap(api.api.admin.history.summary.$get()),
  refetchInterval: 30_000,
});

export const useSummary = () => useQuery(summaryQuery);
