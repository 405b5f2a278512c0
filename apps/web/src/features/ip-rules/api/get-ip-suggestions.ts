import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

// Under the credentials root: saving the key (or allowing an address from History) refreshes it.
export const ipSuggestionsQuery = (credentialId: string) =>
  queryOptions({
    queryKey: [...queryRoots.credentials, "ip-suggestions", credentialId],
    queryFn: () => unwrap(api.api.admin.credentials[":id"]["ip-suggestions"].$get({ param: { id: credentialId } })),
  });

export const useIpSuggestions = (credentialId: string) => useQuery(ipSuggestionsQuery(credentialId));
