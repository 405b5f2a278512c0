import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

export type BulkAction = "enable" | "disable" | "delete";

export const bulkAction = (input: { action: BulkAction; ids: string[] }) => unwrap(api.api.admin.credentials.bulk.$post({ json: input }));

export function useBulkAction() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: bulkAction, onSuccess: () => queryClient.invalidateQueries({ queryKey: credentialKeys.all }) });
}
