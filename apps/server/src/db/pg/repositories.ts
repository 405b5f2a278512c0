import type { Repositories } from "../repositories.ts";
import { serializable } from "./serializable.ts";
import type { PgDb, PgExecutor, PgSql } from "./client.ts";
import { pgAdmins } from "./admins.ts";
import { pgAudit } from "./audit.ts";
import { pgAuth } from "./auth.ts";
import { pgCatalog } from "./catalog.ts";
import { pgCredentials } from "./credentials.ts";
import { pgHistory } from "./history.ts";
import { pgNonces } from "./nonces.ts";
import { pgTokens } from "./tokens.ts";
import { pgWebhooks } from "./webhooks.ts";

const repositories = (on: PgExecutor, sql: PgSql, transaction: Repositories["transaction"]): Repositories => ({
  admins: pgAdmins(on),
  audit: pgAudit(on),
  auth: pgAuth(on),
  catalog: pgCatalog(on),
  credentials: pgCredentials(on),
  history: pgHistory(on),
  nonces: pgNonces(on),
  tokens: pgTokens(on, sql),
  webhooks: pgWebhooks(on),
  transaction,
});

/**
 * The repositories on PostgreSQL; their transactions are SERIALIZABLE (see serializable.ts).
 * `sql` is the pool `db` runs on, for the statements sent prepared through postgres.js itself.
 */
export function pgRepositories(db: PgDb, sql: PgSql): Repositories {
  return repositories(db, sql, (unit) =>
    serializable(db, async (tx) => {
      const inside: Repositories = repositories(tx, sql, (joined) => joined(inside));
      return unit(inside);
    }),
  );
}
