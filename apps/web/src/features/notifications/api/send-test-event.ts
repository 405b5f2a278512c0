import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { deliveriesQuery } from "./get-deliveries.ts";

export const sendTestEvent = (id: string) => unwrap(api.api.admin.webhooks[":id"].test.$post({ param: { id } }));

export function useSendTestEvent(endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendTestEvent(endpointId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesQuery(endpointId).queryKey }),
  });
}
