import type { AdminRepository } from "../domain/admin/repository.ts";
import type { AuditRepository } from "../domain/audit.ts";
import type { AuthRepository, NonceRepository, TokenRepository } from "../domain/auth/repository.ts";
import type { CatalogRepository } from "../domain/catalog/repository.ts";
import type { CredentialRepository } from "../domain/credentials/repository.ts";
import type { HistoryRepository } from "../domain/history/repository.ts";
import type { WebhookRepository } from "../domain/webhooks/repository.ts";

/**
 * What the domain reads and writes through. There is one implementation per database:
 * better-sqlite3 (db/sqlite) and PostgreSQL (db/pg); the domain never sees which.
 */
export type Repositories = {
  admins: AdminRepository;
  audit: AuditRepository;
  auth: AuthRepository;
  catalog: CatalogRepository;
  credentials: CredentialRepository;
  history: HistoryRepository;
  nonces: NonceRepository;
  tokens: TokenRepository;
  webhooks: WebhookRepository;
  /**
   * Runs `unit` in one transaction. Inside it use only `tx`: on SQLite anything else waits for
   * the transaction to end, so it would never run. Called on a `tx`, it joins that transaction.
   * On PostgreSQL a unit that collides with another instance's is run again, so it must not do
   * anything but database work (tell caches and webhooks after it returns).
   */
  transaction<T>(unit: (tx: Repositories) => Promise<T>): Promise<T>;
};

/** A repository as better-sqlite3 runs it: the same methods, answering at once. */
export type Synchronous<Repository> = {
  [Method in keyof Repository]: Repository[Method] extends (...args: infer Args) => Promise<infer Result> ? (...args: Args) => Result : never;
};
