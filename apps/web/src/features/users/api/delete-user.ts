import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { usersQuery } from "./get-users.ts";

export const deleteUser = (id: string) => unwrap(api.api.admin.users[":id"].$delete({ param: { id } }));

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteUser, onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQuery.queryKey }) });
}
