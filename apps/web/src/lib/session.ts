import type { Permission } from "@gatehouse/shared";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./api-client.ts";
import { queryRoots } from "./query-keys.ts";

/** Who is signed in; a 401 here means the sign-in page. Shared by every feature. */
export const sessionQuery = queryOptions({
  queryKey: queryRoots.session,
  queryFn: () => unwrap(api.api.admin.session.$get()),
  staleTime: 60_000,
  retry: false,
});

export function useSession() {
  const { data } = useQuery(sessionQuery);
  if (!data) throw new Error("useSession is used outside the signed-in area");
  return data;
}

/** Whether the signed-in admin's role allows `permission`; the UI hides what it cannot do. */
export function useCan(permission: Permission): boolean {
  return useSession().permissions.includes(permission);
}
