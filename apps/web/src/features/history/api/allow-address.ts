import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";
import { historyKeys } from "./keys.ts";

/** "Allow this IP" on a refused row: the server takes the key and address from the row itself. */
export const allowAddress = (historyRowId: number) => unwrap(api.api.admin.history[":id"]["allow-ip"].$post({ param: { id: String(historyRowId) } }));

/** Allows a refused address; the credential's own queries ("credentials" keys) refresh too. */
export function useAllowAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: allowAddress,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryRoots.credentials }), queryClient.invalidateQueries({ queryKey: historyKeys.all })]),
  });
}
