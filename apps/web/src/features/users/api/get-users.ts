import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";

export const usersQuery = queryOptions({
  queryKey: ["users"],
  queryFn: () => unwrap(api.api.admin.users.$get()),
});

export const useUsers = () => useQuery(usersQuery);
