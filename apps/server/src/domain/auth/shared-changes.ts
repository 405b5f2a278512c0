import type { Store } from "../../db/store.ts";
import { authChangeReader, watchAuthChanges } from "../../db/pg/auth-changes.ts";
import { redisChangeNotices } from "../../lib/change-notices.ts";
import type { Clock } from "../../lib/clock.ts";
import type { SharedRedis } from "../../lib/shared-redis.ts";
import type { Logger } from "../../logger.ts";
import type { AuthCache } from "./cache.ts";

/**
 * How an instance on PostgreSQL hears of credential changes made by the others (and by the
 * CLI), and tells them of its own: a Redis notice within milliseconds when REDIS_URL is set, and
 * the database's change log read every second whatever happens to Redis. On SQLite the auth
 * cache watches the file's data_version instead (jobs.ts), and this does nothing.
 */
export function sharedChanges(store: Store, authCache: AuthCache, redis: SharedRedis | null, logger: Logger, clock: Clock) {
  const onPostgres = store.kind === "postgres" ? store : null;
  const notices =
    onPostgres && redis
      ? redisChangeNotices(redis, logger, { changed: (id) => authCache.credentialChanged(id), missedSome: () => authCache.dropEverything() })
      : null;
  let answers = true;
  let watch: { stop: () => void } | null = null;
  return {
    /** After this instance committed a change to a credential. */
    published: (credentialId: string) => notices?.publish(credentialId),
    /** Whether PostgreSQL answered the last look at the change log (SQLite: always true). */
    databaseAnswers: () => answers,
    async start() {
      if (!onPostgres) return;
      await notices?.start();
      const read = await authChangeReader(onPostgres.sql, (id) => authCache.credentialChanged(id));
      watch = watchAuthChanges(read, clock, logger, (ok) => {
        answers = ok;
      });
    },
    async stop() {
      watch?.stop();
      await notices?.stop();
    },
  };
}

export type SharedChanges = ReturnType<typeof sharedChanges>;
