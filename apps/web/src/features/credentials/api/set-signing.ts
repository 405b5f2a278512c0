import type { SigningInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export const setSigning = ({ id, ...signing }: SigningInput & { id: string }) =>
  unwrap(api.api.admin.credentials[":id"].signing.$put({ param: { id }, json: signing }));

export const regenerateSigningSecret = (id: string) => unwrap(api.api.admin.credentials[":id"]["signing-secret"].$post({ param: { id } }));

/** Saved at once, like IP enforcement: the rest of the form keeps its unsaved edits. */
export function useSetSigning() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: setSigning, onSuccess: () => queryClient.invalidateQueries({ queryKey: queryRoots.credentials }) });
}

export function useRegenerateSigningSecret() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: regenerateSigningSecret, onSuccess: () => queryClient.invalidateQueries({ queryKey: queryRoots.credentials }) });
}
