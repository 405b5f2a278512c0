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

const repositories = (on: PgExecutor, serial: PgSql, transaction: Repositories["transaction"]): Repositories => ({
  admins: pgAdmins(on),
  audit: pgAudit(on),
  auth: pgAuth(on),
  catalog: pgCatalog(on),
  credentials: pgCredentials(on),
  history: pgHistory(on),
  nonces: pgNonces(on),
  tokens: pgTokens(on, serial),
  webhooks: pgWebhooks(on),
  transaction,
});

/**
 * The repositories on PostgreSQL; their transactions are SERIALIZABLE (see serializable.ts).
 * `serial` is a pool whose every statement is a SERIALIZABLE transaction of its own (client.ts).
 */
export function pgRepositories(db: PgDb, serial: PgSql): Repositories {
  return repositories(db, serial, (unit) =>
    serializable(db, async (tx) => {
      const inside: Repositories = repositories(tx, serial, (joined) => joined(inside));
      return unit(inside);
    }),
  );
}
