import type { CreateAdminUserInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { usersQuery } from "./get-users.ts";

export const createUser = (input: CreateAdminUserInput) => unwrap(api.api.admin.users.$post({ json: input }));

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createUser, onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQuery.queryKey }) });
}
