import type { UpdateAdminUserInput } from "@gatehouse/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { usersQuery } from "./get-users.ts";

export const updateUser = ({ id, ...input }: UpdateAdminUserInput & { id: string }) =>
  unwrap(api.api.admin.users[":id"].$patch({ param: { id }, json: input }));

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateUser, onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQuery.queryKey }) });
}
