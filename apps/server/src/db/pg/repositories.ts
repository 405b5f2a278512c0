import type { Repositories } from "../repositories.ts";
import { sqlStateOf } from "./sql-state.ts";
import type { PgDb, PgExecutor } from "./client.ts";
import { pgAdmins } from "./admins.ts";
import { pgAudit } from "./audit.ts";
import { pgAuth } from "./auth.ts";
import { pgCatalog } from "./catalog.ts";
import { pgCredentials } from "./credentials.ts";
import { pgHistory } from "./history.ts";
import { pgNonces } from "./nonces.ts";
import { pgTokens } from "./tokens.ts";
import { pgWebhooks } from "./webhooks.ts";

const repositories = (on: PgExecutor, transaction: Repositories["transaction"]): Repositories => ({
  admins: pgAdmins(on),
  audit: pgAudit(on),
  auth: pgAuth(on),
  catalog: pgCatalog(on),
  credentials: pgCredentials(on),
  history: pgHistory(on),
  nonces: pgNonces(on),
  tokens: pgTokens(on),
  webhooks: pgWebhooks(on),
  transaction,
});

/** SQLSTATEs of a transaction PostgreSQL gave up so another could commit: run it again. */
const COLLISIONS = new Set(["40001", "40P01"]);
const ATTEMPTS = 10;

/**
 * The repositories on PostgreSQL. Transactions are SERIALIZABLE: instances changing the same
 * credential at once behave as if one came after the other (as on SQLite's single writer), and
 * the one PostgreSQL turns away is run again after a short random wait, up to ten times.
 */
export function pgRepositories(db: PgDb): Repositories {
  return repositories(db, async (unit) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await db.transaction(
          async (tx) => {
            const inside: Repositories = repositories(tx, (joined) => joined(inside));
            return unit(inside);
          },
          { isolationLevel: "serializable" },
        );
      } catch (error) {
        if (attempt >= ATTEMPTS || !COLLISIONS.has(sqlStateOf(error))) throw error;
        // Jittered and growing, so transactions that collided do not collide again in step:
        // 45 changes to one row from three instances at once failed five times in a row without it.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt * 5, 500)));
      }
    }
  });
}
