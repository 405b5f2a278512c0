import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { limitBody } from "../../middleware/body-limit.ts";
import { requireAdmin } from "../../middleware/admin-auth.ts";
import { csrfProtection } from "../../middleware/csrf.ts";
import { auditLogRoutes } from "./audit-log.ts";
import { credentialRoutes } from "./credentials.ts";
import { historyRoutes } from "./history.ts";
import { sessionRoutes } from "./session.ts";
import { userRoutes } from "./users.ts";
import { webhookRoutes } from "./webhooks.ts";

/** The admin API behind the SPA: cookie session, CSRF checks, JSON only. */
export const adminRoutes = (deps: AppDeps) => {
  const signedIn = new Hono<AppEnv>()
    .use(requireAdmin(deps))
    .route("/credentials", credentialRoutes(deps))
    .route("/history", historyRoutes(deps))
    .route("/users", userRoutes(deps))
    .route("/audit-log", auditLogRoutes(deps))
    .route("/webhooks", webhookRoutes(deps));
  return new Hono<AppEnv>()
    .use(csrfProtection(deps.config.PUBLIC_ORIGIN))
    .use(limitBody(256 * 1024, "The request body is larger than 256 KB"))
    .use((c, next) => {
      c.header("Cache-Control", "no-store");
      return next();
    })
    .route("/session", sessionRoutes(deps))
    .route("/", signedIn);
};
