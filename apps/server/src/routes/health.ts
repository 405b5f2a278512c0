import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import type { Health } from "@gatehouse/shared";
import type { AppEnv } from "../env.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError } from "../lib/api-error.ts";
import { packageRoot } from "../lib/package-root.ts";
import { RETRY_AFTER_SECONDS } from "../db/unreachable.ts";
import { replySerialized } from "../middleware/reply.ts";
import { refuseSecretsUnguarded } from "../middleware/v1/guard.ts";

/** The server package's version: what /healthz, the OpenAPI document and the CLI report. */
export const version = (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;

export const healthRoutes = (deps: AppDeps) => {
  // SQLite is asked on every call (a prepared "select 1", a tenth of a microsecond); PostgreSQL's
  // answer is the last look at its change log, once a second, so monitors cost it nothing. The
  // ping is plucked: a row object for its one column made it cost 6% of /healthz under load.
  const ping = deps.store.kind === "sqlite" ? deps.store.sqlite.prepare("select 1").pluck() : null;
  const databaseAnswers = ping
    ? () => {
        try {
          ping.get();
          return true;
        } catch {
          return false;
        }
      }
    : deps.changes.databaseAnswers;
  // The two answers never change: serialised once (5% of a /healthz call when done per call).
  // Still 200 without Redis: instances fall back to their own limits and keep answering.
  const answer = (redis: Health["redis"]): string =>
    JSON.stringify({ status: "ok", database: "ok", ...(deps.redis ? { redis } : {}), version } satisfies Health);
  const answers = { ok: answer("ok"), redisUnavailable: answer("unavailable") };
  return new Hono<AppEnv>().use(refuseSecretsUnguarded(deps)).get("/", (c) => {
    if (!databaseAnswers()) throw new ApiError("unavailable", "The database is not answering", { headers: { "retry-after": String(RETRY_AFTER_SECONDS) } });
    c.get("replyHeaders")["cache-control"] = "no-store";
    return replySerialized<Health>(c, deps.redis && !deps.redis.available() ? answers.redisUnavailable : answers.ok);
  });
};
