import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";
import { historyKeys } from "./keys.ts";

export const allowAddress = ({ credentialId, ip }: { credentialId: string; ip: string }) =>
  unwrap(api.api.admin.credentials[":id"]["allowed-ips"].$post({ param: { id: credentialId }, json: { entry: ip, note: "Added from history" } }));

/** Allows a refused address; the credential's own queries ("credentials" keys) refresh too. */
export function useAllowAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: allowAddress,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryRoots.credentials }), queryClient.invalidateQueries({ queryKey: historyKeys.all })]),
  });
}
