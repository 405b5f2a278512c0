import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import type { AppDeps } from "./deps.ts";
import { ApiError } from "./lib/api-error.ts";
import { errorResponse, handleError } from "./middleware/errors.ts";
import { requestContext } from "./middleware/request-context.ts";
import { adminRoutes } from "./routes/admin/index.ts";
import { healthRoutes } from "./routes/health.ts";
import { integrationRoutes } from "./routes/v1/index.ts";
import { spaRoutes } from "./routes/spa.ts";
import { maskSecrets } from "./lib/mask-secrets.ts";

export function createApp(deps: AppDeps, options: { webDist?: string } = {}) {
  const api = new Hono<AppEnv>().route("/healthz", healthRoutes(deps)).route("/api/admin", adminRoutes(deps)).route("/api/v1", integrationRoutes(deps));

  const app = new Hono<AppEnv>()
    .use(requestContext(deps))
    .route("/", api)
    .all("/api/*", (c) => errorResponse(c, new ApiError("not_found", `No route for ${c.req.method} ${maskSecrets(c.req.path)}`)))
    .route("/", spaRoutes(options.webDist));
  app.onError(handleError(deps));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
