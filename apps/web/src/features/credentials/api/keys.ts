import type { ListCredentialsQuery } from "@gatehouse/shared";
import { queryRoots } from "@/lib/query-keys.ts";

export const credentialKeys = {
  all: queryRoots.credentials,
  list: (query: ListCredentialsQuery) => [...queryRoots.credentials, "list", query] as const,
  detail: (id: string) => [...queryRoots.credentials, "detail", id] as const,
};
