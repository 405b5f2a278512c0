import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { deliveriesQuery } from "./get-deliveries.ts";

export const resendDelivery = (endpointId: string, deliveryId: number) =>
  unwrap(api.api.admin.webhooks[":id"].deliveries[":deliveryId"].resend.$post({ param: { id: endpointId, deliveryId: String(deliveryId) } }));

export function useResendDelivery(endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: number) => resendDelivery(endpointId, deliveryId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesQuery(endpointId).queryKey }),
  });
}
