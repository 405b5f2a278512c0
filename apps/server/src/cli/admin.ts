import { createAdminUserSchema, fieldErrors } from "@gatehouse/shared";
import { parseArgs } from "node:util";
import { createAdminUser } from "../domain/admin/users.ts";
import type { AppDeps } from "../env.ts";
import { invalid } from "../lib/api-error.ts";
import { print, printJson, readSecret, UsageError } from "./io.ts";

export const adminUsage = `  admin create --username U --role owner|editor|viewer [--password P] [--json]
      Adds an admin user. Without --password the password is read from standard input.`;

export async function adminCommand(deps: AppDeps, args: string[]) {
  const [action, ...rest] = args;
  if (action !== "create") throw new UsageError(`Unknown admin command "${action ?? ""}". Usage:\n${adminUsage}`);
  const { values } = parseArgs({
    args: rest,
    options: { username: { type: "string" }, role: { type: "string" }, password: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const password = values.password ?? (await readSecret("Password for the new admin: "));
  const parsed = createAdminUserSchema.safeParse({ username: values.username, role: values.role, password });
  if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues));
  const user = await createAdminUser(deps.store.db, deps.clock(), cliActor(), parsed.data);
  if (values.json) printJson(user);
  else print(`Created ${user.role} "${user.username}".`);
}

export const cliActor = () => ({ id: null, name: "cli", ip: "local" });
