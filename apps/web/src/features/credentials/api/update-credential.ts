import type { UpdateCredentialInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

export const updateCredential = ({ id, ...input }: UpdateCredentialInput & { id: string }) =>
  unwrap(api.api.admin.credentials[":id"].$patch({ param: { id }, json: input }));

export function useUpdateCredential() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateCredential,
    onSuccess: (credential) => {
      queryClient.setQueryData(credentialKeys.detail(credential.id), credential);
      return queryClient.invalidateQueries({ queryKey: credentialKeys.all });
    },
  });
}
