import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export const removeWebhook = (id: string) => unwrap(api.api.admin.webhooks[":id"].$delete({ param: { id } }));

export function useRemoveWebhook() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: removeWebhook, onSuccess: () => queryClient.invalidateQueries({ queryKey: queryRoots.webhooks }) });
}
