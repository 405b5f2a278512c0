import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { RequestError } from "./api-client.ts";
import { queryRoots } from "./query-keys.ts";

/**
 * A 401 anywhere means the session ended: re-check it, which sends the admin to sign in. A 403
 * may mean an owner changed this admin's role meanwhile: re-checked, the pages show what the
 * role now allows (a viewer's locked form instead of a Save that cannot work).
 */
function onError(error: Error) {
  if (error instanceof RequestError && (error.status === 401 || error.status === 403)) {
    void queryClient.invalidateQueries({ queryKey: queryRoots.session });
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => query.queryKey[0] !== queryRoots.session[0] && onError(error) }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: true,
      retry: (failures, error) => !(error instanceof RequestError && error.status >= 400 && error.status < 500) && failures < 2,
    },
    mutations: { retry: false },
  },
});
