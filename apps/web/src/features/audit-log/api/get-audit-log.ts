import type { AuditAction } from "@gatehouse/shared";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export type AuditFilters = { actor?: string; action?: AuditAction; from?: string; to?: string; cursor?: string };

export const auditLogQuery = (filters: AuditFilters) =>
  queryOptions({
    queryKey: [...queryRoots.auditLog, filters],
    queryFn: () => unwrap(api.api.admin["audit-log"].$get({ query: { ...filters, limit: "50" } })),
    placeholderData: keepPreviousData,
  });

export const useAuditLog = (filters: AuditFilters) => useQuery(auditLogQuery(filters));
