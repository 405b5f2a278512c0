import { adminUsernameSchema, passwordSchema } from "@gatehouse/shared";
import { WRITE, type Db } from "../../db/client.ts";
import { ApiError } from "../../lib/api-error.ts";
import { randomBase62 } from "../../lib/random.ts";
import { hashPassword } from "./passwords.ts";
import { countAdmins, insertAdminUser } from "./users.ts";

export type FirstOwner = { username: string; generatedPassword: string | null };

/**
 * Creates the first owner when there is no admin at all. Without ADMIN_PASSWORD a strong
 * password is generated and returned so the caller can print it once.
 */
export async function ensureFirstOwner(db: Db, now: number, username: string, password: string | undefined): Promise<FirstOwner | null> {
  // Spares every later start the hashing; the answer that counts is the one under the lock below.
  if (countAdmins(db) > 0) return null;
  if (!adminUsernameSchema.safeParse(username).success) {
    throw new ApiError("invalid_request", "ADMIN_USERNAME must be 3–32 letters, digits or . _ @ -");
  }
  if (password !== undefined && !passwordSchema.safeParse(password).success) {
    throw new ApiError("invalid_request", "ADMIN_PASSWORD must be 12–256 characters");
  }
  const chosen = password ?? randomBase62(20);
  const passwordHash = await hashPassword(chosen);
  const actor = { id: null, name: "system", ip: "local" };
  // Processes starting together on an empty database all get here. An immediate transaction
  // takes the write lock before counting, so they queue: the first creates the owner, the rest
  // find one and start as usual.
  const created = db.transaction(() => (countAdmins(db) > 0 ? null : insertAdminUser(db, now, actor, { username, role: "owner", passwordHash })), WRITE);
  if (!created) return null;
  return { username, generatedPassword: password === undefined ? chosen : null };
}
