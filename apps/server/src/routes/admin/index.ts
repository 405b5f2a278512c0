import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps, AppEnv } from "../../env.ts";
import { ApiError } from "../../lib/api-error.ts";
import { requireAdmin } from "../../middleware/admin-auth.ts";
import { csrfProtection } from "../../middleware/csrf.ts";
import { auditLogRoutes } from "./audit-log.ts";
import { credentialRoutes } from "./credentials.ts";
import { historyRoutes } from "./history.ts";
import { sessionRoutes } from "./session.ts";
import { userRoutes } from "./users.ts";

/** The admin API behind the SPA: cookie session, CSRF checks, JSON only. */
export const adminRoutes = (deps: AppDeps) => {
  const signedIn = new Hono<AppEnv>()
    .use(requireAdmin(deps))
    .route("/credentials", credentialRoutes(deps))
    .route("/history", historyRoutes(deps))
    .route("/users", userRoutes(deps))
    .route("/audit-log", auditLogRoutes(deps));
  return new Hono<AppEnv>()
    .use(csrfProtection())
    .use(
      bodyLimit({
        maxSize: 256 * 1024,
        onError: () => {
          throw new ApiError("payload_too_large", "The request body is larger than 256 KB");
        },
      }),
    )
    .use((c, next) => {
      c.header("Cache-Control", "no-store");
      return next();
    })
    .route("/session", sessionRoutes(deps))
    .route("/", signedIn);
};
