import { hash, verify } from "@node-rs/argon2";

// Argon2id (algorithm 2; the library's enum is const and cannot be imported here) with the
// OWASP-recommended memory and time cost: 19 MiB, 2 passes.
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, options);

/** Verifies against a stored hash; a malformed hash counts as a mismatch, never a crash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so both failures take the same time.
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = () => (decoyHash ??= hashPassword("gatehouse-decoy-password"));
