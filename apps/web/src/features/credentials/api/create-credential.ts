import type { CreateCredentialInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

export const createCredential = (input: CreateCredentialInput) => unwrap(api.api.admin.credentials.$post({ json: input }));

export function useCreateCredential() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createCredential, onSuccess: () => queryClient.invalidateQueries({ queryKey: credentialKeys.all }) });
}
