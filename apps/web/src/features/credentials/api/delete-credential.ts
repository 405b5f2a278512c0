import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

export const deleteCredential = (id: string) => unwrap(api.api.admin.credentials[":id"].$delete({ param: { id } }));

export function useDeleteCredential() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCredential,
    onSuccess: (_nothing, id) => {
      queryClient.removeQueries({ queryKey: credentialKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: credentialKeys.all });
    },
  });
}
