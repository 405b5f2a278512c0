import type { ChangeOwnPasswordInput } from "@gatehouse/shared";
import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client.ts";

/** The server ends every session of the account and answers this browser with a new one. */
export const changeOwnPassword = (input: ChangeOwnPasswordInput) => unwrap(api.api.admin.session.password.$put({ json: input }));

export const useChangeOwnPassword = () => useMutation({ mutationFn: changeOwnPassword });
