import type { ListCredentialsQuery } from "@gatehouse/shared";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryParams } from "@/lib/query-params.ts";
import { credentialKeys } from "./keys.ts";

export const CREDENTIALS_PAGE_SIZE = 25;

export const credentialsQuery = (query: ListCredentialsQuery) =>
  queryOptions({
    queryKey: credentialKeys.list(query),
    queryFn: () => unwrap(api.api.admin.credentials.$get({ query: queryParams(query) })),
    placeholderData: keepPreviousData,
  });

export const useCredentials = (query: ListCredentialsQuery) => useQuery(credentialsQuery(query));
