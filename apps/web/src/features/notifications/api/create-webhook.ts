import type { CreateWebhookInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export const createWebhook = (input: CreateWebhookInput) => unwrap(api.api.admin.webhooks.$post({ json: input }));

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createWebhook, onSuccess: () => queryClient.invalidateQueries({ queryKey: queryRoots.webhooks }) });
}
