import type { Repositories, Synchronous } from "../repositories.ts";
import type { Db, Sqlite } from "../client.ts";
import { Exclusive } from "./exclusive.ts";
import { sqliteAdmins } from "./admins.ts";
import { sqliteAudit } from "./audit.ts";
import { sqliteAuth } from "./auth.ts";
import { sqliteCatalog } from "./catalog.ts";
import { sqliteCredentials } from "./credentials.ts";
import { sqliteHistory } from "./history.ts";
import { sqliteNonces } from "./nonces.ts";
import { sqliteTokens } from "./tokens.ts";
import { sqliteWebhooks } from "./webhooks.ts";

type Tables = Omit<Repositories, "transaction">;
type SynchronousTables = { [Name in keyof Tables]: Synchronous<Tables[Name]> };

/**
 * The repositories on better-sqlite3. Each runs synchronously underneath, as before the seam;
 * the promises only let PostgreSQL share the domain. A transaction takes the write lock at
 * BEGIN (IMMEDIATE) so two processes on one file never fail on a read-then-write.
 */
export function sqliteRepositories(sqlite: Sqlite, db: Db): Repositories {
  const tables: SynchronousTables = {
    admins: sqliteAdmins(db),
    audit: sqliteAudit(db),
    auth: sqliteAuth(db),
    catalog: sqliteCatalog(db),
    credentials: sqliteCredentials(db),
    history: sqliteHistory(sqlite),
    nonces: sqliteNonces(sqlite),
    tokens: sqliteTokens(sqlite),
    webhooks: sqliteWebhooks(db),
  };
  const exclusive = new Exclusive();
  const insideTransaction: Repositories = {
    ...promised(tables, (step) => settle(step)),
    transaction: (unit) => unit(insideTransaction),
  };
  return {
    ...promised(tables, (step) => exclusive.run(step)),
    transaction: (unit) =>
      exclusive.hold(async () => {
        sqlite.exec("BEGIN IMMEDIATE");
        try {
          const result = await unit(insideTransaction);
          sqlite.exec("COMMIT");
          return result;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
          throw error;
        }
      }),
  };
}

function settle<T>(step: () => T): Promise<T> {
  try {
    return Promise.resolve(step());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** Every method of every repository, answering through `run`. */
function promised(tables: SynchronousTables, run: <T>(step: () => T) => Promise<T>): Tables {
  const result: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const [name, repository] of Object.entries(tables)) {
    const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const [method, call] of Object.entries(repository as Record<string, (...args: unknown[]) => unknown>))
      methods[method] = (...args) => run(() => call(...args));
    result[name] = methods;
  }
  return result as Tables;
}
