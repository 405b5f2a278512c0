import type { IpEnforcement } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export const setIpEnforcement = ({ id, ipEnforcement }: { id: string; ipEnforcement: IpEnforcement }) =>
  unwrap(api.api.admin.credentials[":id"].$patch({ param: { id }, json: { ipEnforcement } }));

/** Saved at once, like Disable now: the rest of the form (its unsaved edits) stays as it is. */
export function useSetIpEnforcement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setIpEnforcement,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryRoots.credentials }),
  });
}
