import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export const usersQuery = queryOptions({
  queryKey: queryRoots.users,
  queryFn: () => unwrap(api.api.admin.users.$get()),
});

export const useUsers = () => useQuery(usersQuery);
