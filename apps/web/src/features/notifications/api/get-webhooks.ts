import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export const webhooksQuery = queryOptions({
  queryKey: [...queryRoots.webhooks, "endpoints"],
  queryFn: () => unwrap(api.api.admin.webhooks.$get()),
});

export const useWebhooks = () => useQuery(webhooksQuery);
