import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export const deliveriesQuery = (endpointId: string) =>
  queryOptions({
    queryKey: [...queryRoots.webhooks, "deliveries", endpointId],
    queryFn: () => unwrap(api.api.admin.webhooks[":id"].deliveries.$get({ param: { id: endpointId } })),
  });

/** The endpoint's delivery log; looked at again every 2 s while a delivery is still pending. */
export const useDeliveries = (endpointId: string) =>
  useQuery({
    ...deliveriesQuery(endpointId),
    refetchInterval: (query) => (query.state.data?.items.some((delivery) => delivery.state === "pending") ? 2000 : false),
  });
