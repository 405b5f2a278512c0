import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";
import { paths } from "@/lib/paths.ts";

export const signOut = () => unwrap(api.api.admin.session.$delete());

/** Signs out, then loads the sign-in page; `returnTo` (a path) is where signing in again leads. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (_returnTo: string | null) => signOut(),
    onSettled: (_answer, _error, returnTo) => {
      queryClient.clear();
      window.location.assign(returnTo ? `${paths.signIn}?next=${encodeURIComponent(returnTo)}` : paths.signIn);
    },
  });
}
