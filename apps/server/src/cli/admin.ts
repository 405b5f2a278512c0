import { createAdminUserSchema, fieldErrors } from "@gatehouse/shared";
import { createAdminUser, unlockAdminByUsername } from "../domain/admin/users.ts";
import type { AppDeps } from "../deps.ts";
import { invalid } from "../lib/api-error.ts";
import { optionsOf, print, printJson, readSecret, UsageError } from "./io.ts";

export const adminUsage = `  admin create --username U --role owner|editor|viewer [--json]
      Adds an admin user. The password is asked for twice at the prompt, or read from standard input.
  admin unlock U
      Lifts the lock that failed sign-ins from many addresses put on an account.`;

export async function adminCommand(deps: AppDeps, args: string[]) {
  const [action, ...rest] = args;
  if (action === "unlock") return unlockCommand(deps, rest);
  if (action !== "create") throw new UsageError(`Unknown admin command "${action ?? ""}". Usage:\n${adminUsage}`);
  // Refused by name, not as an unknown option: whoever used it should learn where it went.
  if (rest.some((arg) => arg === "--password" || arg.startsWith("--password="))) {
    throw new UsageError(
      "--password is not accepted (command-line arguments show in `ps` and shell history); pipe the password on standard input or type it at the prompt",
    );
  }
  const values = optionsOf(rest, { username: { type: "string" }, role: { type: "string" }, json: { type: "boolean" } });
  const password = await readSecret("Password for the new admin: ");
  // Typed unseen, a slip would make an admin nobody can sign in as: asked twice at a terminal.
  if (process.stdin.isTTY && (await readSecret("The same password again: ")) !== password) {
    throw new UsageError("The two passwords differ; no admin was created");
  }
  const parsed = createAdminUserSchema.safeParse({ username: values.username, role: values.role, password });
  if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues));
  const user = await createAdminUser(deps.store.repos, deps.clock(), cliActor(), parsed.data);
  if (values.json) printJson(user);
  else print(`Created ${user.role} "${user.username}".`);
}

/** The way back in when every owner is locked out: the CLI needs no sign-in, only the database. */
async function unlockCommand(deps: AppDeps, args: string[]) {
  const [username, ...extra] = args;
  if (!username || extra.length > 0) throw new UsageError(`Usage:\n${adminUsage}`);
  const { user, wasLocked } = await unlockAdminByUsername(deps.store.repos, deps.clock(), cliActor(), username);
  print(wasLocked ? `Unlocked "${user.username}"; they can sign in again.` : `"${user.username}" was not locked.`);
}

export const cliActor = () => ({ id: null, name: "cli", ip: "local" });
