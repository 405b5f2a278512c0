import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

export const credentialQuery = (id: string) =>
  queryOptions({
    queryKey: credentialKeys.detail(id),
    queryFn: () => unwrap(api.api.admin.credentials[":id"].$get({ param: { id } })),
  });

export const useCredential = (id: string) => useQuery(credentialQuery(id));
