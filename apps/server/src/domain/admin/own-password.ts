import type { ChangeOwnPasswordInput } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { ApiError, invalid } from "../../lib/api-error.ts";
import { hashPassword } from "./passwords.ts";
import type { CheckedUser, SessionUser } from "./sessions.ts";
import { type SignInGuards, verifySignIn } from "./sign-in.ts";
import { updateAdminUser } from "./users.ts";

/**
 * An admin changes their own password. The current one is checked as a sign-in is, with the
 * same limits and lock (a screen left signed in must not let anyone guess it), and a wrong one
 * is a 400 on its field, not a 401 that would read as the session ending. The change ends every
 * session of the account and is audited like an owner's, without the password. Of two changes
 * checked against the same password at once, the second is refused (409): each would otherwise
 * answer success while only the last one's password stays.
 */
export async function changeOwnPassword(repos: Repositories, now: number, guards: SignInGuards, admin: SessionUser, ip: string, input: ChangeOwnPasswordInput) {
  let checked: CheckedUser;
  try {
    checked = await verifySignIn(repos, now, guards, { username: admin.username, password: input.currentPassword, ip });
  } catch (error) {
    if (error instanceof ApiError && error.code === "unauthorized") throw invalid({ currentPassword: "This is not your current password" });
    throw error;
  }
  // Applied only if the password checked is still the account's; the new hash is the one the
  // browser's next session is started against.
  const passwordHash = await hashPassword(input.password);
  await updateAdminUser(repos, now, { id: admin.id, name: admin.username, ip }, admin.id, {}, { passwordHash, replacing: checked.passwordHash });
  return { user: checked.user, passwordHash };
}
