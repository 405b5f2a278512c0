import type { ListCredentialsQuery } from "@gatehouse/shared";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api-client.ts";

export const credentialKeys = {
  all: ["credentials"] as const,
  list: (query: ListCredentialsQuery) => ["credentials", "list", query] as const,
  detail: (id: string) => ["credentials", "detail", id] as const,
};

const asQuery = (query: ListCredentialsQuery) =>
  Object.fromEntries(Object.entries(query).flatMap(([name, value]) => (value === undefined || value === "" ? [] : [[name, String(value)]])));

export const credentialsQuery = (query: ListCredentialsQuery) =>
  queryOptions({
    queryKey: credentialKeys.list(query),
    queryFn: () => unwrap(api.api.admin.credentials.$get({ query: asQuery(query) })),
    placeholderData: keepPreviousData,
  });

export const useCredentials = (query: ListCredentialsQuery) => useQuery(credentialsQuery(query));
