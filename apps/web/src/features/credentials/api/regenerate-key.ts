import type { RegenerateKeyInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, isConflict, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

export const regenerateKey = ({ id, ...input }: RegenerateKeyInput & { id: string }) =>
  unwrap(api.api.admin.credentials[":id"].regenerate.$post({ param: { id }, json: input }));

export function useRegenerateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateKey,
    onSuccess: ({ credential }) => {
      queryClient.setQueryData(credentialKeys.detail(credential.id), credential);
      return queryClient.invalidateQueries({ queryKey: credentialKeys.all });
    },
    // 409: an old key's grace runs (another tab, admin or a double submit): the key as it is now,
    // refreshed before the caller's own onError says so.
    onError: (error, { id }) => (isConflict(error) ? queryClient.invalidateQueries({ queryKey: credentialKeys.detail(id) }) : undefined),
  });
}
