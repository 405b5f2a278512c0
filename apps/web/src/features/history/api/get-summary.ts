import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";

export const summaryQuery = queryOptions({
  queryKey: ["history", "summary"],
  queryFn: () => unwrap(api.api.admin.history.summary.$get()),
  refetchInterval: 30_000,
});

export const useSummary = () => useQuery(summaryQuery);
