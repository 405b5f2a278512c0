import type { ChangeOwnPasswordInput } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { ApiError, invalid } from "../../lib/api-error.ts";
import type { SessionUser } from "./sessions.ts";
import { type SignInGuards, verifySignIn } from "./sign-in.ts";
import { updateAdminUser } from "./users.ts";

/**
 * An admin changes their own password. The current one is checked as a sign-in is, with the
 * same limits and lock (a screen left signed in must not let anyone guess it), and a wrong one
 * is a 400 on its field, not a 401 that would read as the session ending. The change ends every
 * session of the account and is audited like an owner's, without the password.
 */
export async function changeOwnPassword(repos: Repositories, now: number, guards: SignInGuards, admin: SessionUser, ip: string, input: ChangeOwnPasswordInput) {
  try {
    await verifySignIn(repos, now, guards, { username: admin.username, password: input.currentPassword, ip });
  } catch (error) {
    if (error instanceof ApiError && error.code === "unauthorized") throw invalid({ currentPassword: "This is not your current password" });
    throw error;
  }
  await updateAdminUser(repos, now, { id: admin.id, name: admin.username, ip }, admin.id, { password: input.password });
}
