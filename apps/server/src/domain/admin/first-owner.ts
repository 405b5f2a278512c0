import { adminUsernameSchema, passwordSchema } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import { ApiError } from "../../lib/api-error.ts";
import { randomBase62 } from "../../lib/random.ts";
import { hashPassword } from "./passwords.ts";
import { insertAdminUser } from "./users.ts";

export type FirstOwner = { username: string; generatedPassword: string | null };

/**
 * Creates the first owner when there is no admin at all. Without ADMIN_PASSWORD a strong
 * password is generated and returned so the caller can print it once.
 */
export async function ensureFirstOwner(repos: Repositories, now: number, username: string, password: string | undefined): Promise<FirstOwner | null> {
  // Spares every later start the hashing; the answer that counts is the one in the transaction below.
  if ((await repos.admins.count()) > 0) return null;
  if (!adminUsernameSchema.safeParse(username).success) {
    throw new ApiError("invalid_request", "ADMIN_USERNAME must be 3–32 letters, digits or . _ @ -");
  }
  if (password !== undefined && !passwordSchema.safeParse(password).success) {
    throw new ApiError("invalid_request", "ADMIN_PASSWORD must be 12–256 characters");
  }
  const chosen = password ?? randomBase62(20);
  const passwordHash = await hashPassword(chosen);
  const actor = { id: null, name: "system", ip: "local" };
  // Processes starting together on an empty database all get here. On SQLite the transaction
  // takes the write lock before counting, so they queue; on PostgreSQL it is serializable, so all
  // but one are run again. Either way the first creates the owner, the rest find one and start.
  const created = await repos.transaction(async (tx) =>
    (await tx.admins.count()) > 0 ? null : insertAdminUser(tx, now, actor, { username, role: "owner", passwordHash }),
  );
  if (!created) return null;
  return { username, generatedPassword: password === undefined ? chosen : null };
}
