import { type Query, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { credentialKeys } from "./keys.ts";

export const deleteCredential = (id: string) => unwrap(api.api.admin.credentials[":id"].$delete({ param: { id } }));

export function useDeleteCredential() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCredential,
    onSuccess: (_nothing, id) => {
      // Its page is still open for a moment: what belongs to it (the API, its IP suggestions) is
      // dropped, not asked for again only to answer 404; the lists are asked for anew.
      const ofTheApi = (query: Query) => query.queryKey.includes(id);
      queryClient.removeQueries({ queryKey: credentialKeys.all, predicate: ofTheApi });
      return queryClient.invalidateQueries({ queryKey: credentialKeys.all, predicate: (query) => !ofTheApi(query) });
    },
  });
}
