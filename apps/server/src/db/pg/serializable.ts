import { ApiError } from "../../lib/api-error.ts";
import type { PgExecutor } from "./client.ts";
import { sqlStateOf } from "./sql-state.ts";

/** SQLSTATEs of a transaction PostgreSQL gave up so another could commit: run it again. */
const COLLISIONS = new Set(["40001", "40P01"]);
// 40 changes to one credential at once, 20 through each of two instances, outlasted ten attempts.
const ATTEMPTS = 20;

type Transaction = Parameters<Parameters<PgExecutor["transaction"]>[0]>[0];

/**
 * Runs `unit` in a SERIALIZABLE transaction: instances changing the same rows at once behave as
 * if one came after the other (as on SQLite's single writer). Inside another transaction it is
 * a savepoint of that one.
 */
export function serializable<T>(db: PgExecutor, unit: (tx: Transaction) => Promise<T>): Promise<T> {
  return againOnCollision(() => db.transaction(unit, { isolationLevel: "serializable" }));
}

/**
 * Runs a SERIALIZABLE transaction (`attempt`) again when PostgreSQL turns it away so another
 * could commit, after a short random wait, up to twenty times, and answers 409 after that.
 */
async function againOnCollision<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!COLLISIONS.has(sqlStateOf(error))) throw error;
      // Still colliding: a 409 the client can retry, not a 500.
      if (tries >= ATTEMPTS) throw new ApiError("conflict", "Too many changes to the same item at once. Try again.", { headers: { "retry-after": "1" } });
      // Jittered and growing, so transactions that collided do not collide again in step:
      // 45 changes to one row from three instances at once failed five times in a row without it.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** tries * 5, 500)));
    }
  }
}
