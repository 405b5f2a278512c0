import type { ChartRange } from "@gatehouse/shared";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { historyKeys } from "./keys.ts";

export const chartQuery = (range: ChartRange, credentialId?: string) =>
  queryOptions({
    queryKey: historyKeys.chart(range, credentialId),
    queryFn: () => unwrap(api.api.admin.history.chart.$get({ query: { range, ...(credentialId ? { credentialId } : {}) } })),
    refetchInterval: 30_000,
  });

export const useChart = (range: ChartRange, credentialId?: string) => useQuery(chartQuery(range, credentialId));
