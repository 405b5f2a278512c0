import { pruneAuditLog } from "./domain/audit.ts";
import { pruneEndedSessions } from "./domain/admin/sessions.ts";
import { pruneExpiredTokens } from "./domain/auth/tokens.ts";
import { pruneHistory } from "./domain/history/retention.ts";
import { raiseExpiringEvents } from "./domain/webhooks/expiring.ts";
import { pruneWebhookEvents } from "./domain/webhooks/retention.ts";
import type { AppDeps } from "./deps.ts";
import { DAY, HOUR } from "./lib/time.ts";

/** Changes made by other processes (the CLI) reach the auth path within this long. */
export const FOREIGN_CHANGE_CHECK_MS = 250;

/** The server's timers; `stop()` ends them (history is flushed separately, on close). */
export function startBackgroundJobs(deps: AppDeps): { stop: () => void } {
  const guarded = (name: string, job: () => void) => () => {
    try {
      job();
    } catch (error) {
      deps.logger.error(`${name} failed`, { error: String(error) });
    }
  };
  const prune = () => {
    pruneHistory(deps.store.repos, deps.clock(), deps.config.HISTORY_RETENTION_DAYS)
      .then(
        ({ rows, months }) =>
          (rows > 0 || months.length > 0) &&
          deps.logger.info("pruned history", { rows, months: months.join(" "), retention_days: deps.config.HISTORY_RETENTION_DAYS }),
      )
      .catch((error: unknown) => deps.logger.error("history pruning failed", { error: String(error) }));
    pruneWebhookEvents(deps.store.repos, deps.clock()).catch((error: unknown) => deps.logger.error("webhook event pruning failed", { error: String(error) }));
    pruneAuditLog(deps.store.repos, deps.clock(), deps.config.AUDIT_RETENTION_DAYS)
      .then((removed) => removed > 0 && deps.logger.info("pruned the audit log", { rows: removed, retention_days: deps.config.AUDIT_RETENTION_DAYS }))
      .catch((error: unknown) => deps.logger.error("audit log pruning failed", { error: String(error) }));
  };
  const expiring = () => {
    raiseExpiringEvents(deps.store.repos, deps.clock())
      .then((raised) => raised > 0 && deps.webhooks.wake())
      .catch((error: unknown) => deps.logger.error("expiry warnings failed", { error: String(error) }));
  };
  prune();
  expiring();
  deps.webhooks.start();
  const timers = [
    setInterval(expiring, HOUR),
    setInterval(prune, DAY),
    setInterval(
      guarded("foreign change check", () => deps.authCache.checkForeignChanges()),
      FOREIGN_CHANGE_CHECK_MS,
    ),
    // Often, so each batch is small and never holds the event loop for long.
    setInterval(
      guarded("token write", () => deps.authCache.flushTokens()),
      200,
    ),
    setInterval(
      guarded("pruning ended tokens and sessions", () => {
        pruneExpiredTokens(deps.store.db, deps.clock());
        pruneEndedSessions(deps.store.repos, deps.clock()).catch((error: unknown) => deps.logger.error("session pruning failed", { error: String(error) }));
      }),
      HOUR,
    ),
  ];
  for (const timer of timers) timer.unref();
  return {
    stop: () => {
      for (const timer of timers) clearInterval(timer);
      deps.webhooks.stop();
    },
  };
}
