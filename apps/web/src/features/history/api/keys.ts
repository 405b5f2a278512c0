import type { ChartRange, HistoryQuery } from "@gatehouse/shared";
import { queryRoots } from "@/lib/query-keys.ts";

export const historyKeys = {
  all: queryRoots.history,
  page: (query: HistoryQuery) => [...queryRoots.history, "page", query] as const,
  chart: (range: ChartRange, credentialId?: string) => [...queryRoots.history, "chart", range, credentialId ?? "store"] as const,
  summary: [...queryRoots.history, "summary"] as const,
};
