import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, isConflict, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

/** Stops the old key of a regenerated credential before its grace period ends. */
export const endGracePeriod = (id: string) => unwrap(api.api.admin.credentials[":id"]["end-grace"].$post({ param: { id } }));

export function useEndGracePeriod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endGracePeriod,
    onSuccess: (credential) => {
      queryClient.setQueryData(credentialKeys.detail(credential.id), credential);
      return queryClient.invalidateQueries({ queryKey: credentialKeys.all });
    },
    // 409: the grace ended meanwhile (another tab or admin): the page shows the key as it is now.
    onError: (error, id) => (isConflict(error) ? queryClient.invalidateQueries({ queryKey: credentialKeys.detail(id) }) : undefined),
  });
}
