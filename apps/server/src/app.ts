import { Hono } from "hono";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { FlatRouter } from "./lib/flat-router.ts";
import type { AppEnv } from "./env.ts";
import type { AppDeps } from "./deps.ts";
import { handleError, noRoute } from "./middleware/errors.ts";
import { requestContext } from "./middleware/request-context.ts";
import { refuseSecretsInPageUrls } from "./middleware/secrets-in-url.ts";
import { adminRoutes } from "./routes/admin/index.ts";
import { healthRoutes } from "./routes/health.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { integrationRoutes } from "./routes/v1/index.ts";
import { spaRoutes } from "./routes/spa.ts";

/** `/healthz` and `/api/v1/…`, read from a full URL without parsing it. */
function isIntegrationPath(url: string) {
  const path = url.indexOf("/", url.indexOf("//") + 2);
  if (path === -1) return false;
  if (url.startsWith("/api/v1/", path)) return true;
  const after = url.charCodeAt(path + 8);
  // /healthz, alone or with a query.
  return url.startsWith("/healthz", path) && (Number.isNaN(after) || after === 63);
}

export function createApp(deps: AppDeps, options: { webDist?: string } = {}) {
  const context = requestContext(deps);
  const health = healthRoutes(deps);
  const integration = integrationRoutes(deps);

  // Every route, for the admin app's typed client (AppType) and every path not below.
  const api = new Hono<AppEnv>().route("/healthz", health).route("/api/admin", adminRoutes(deps)).route("/api/v1", integration);
  const app = new Hono<AppEnv>()
    .use(context)
    .use(refuseSecretsInPageUrls(deps))
    .route("/", api)
    .route("/metrics", metricsRoutes(deps))
    .all("/api/*", noRoute)
    .route("/", spaRoutes(options.webDist));
  app.onError(handleError(deps));

  // What integrations and monitors call on every request gets an app of its own on Hono's
  // RegExpRouter: one regular expression for a handful of routes, where the whole app's table
  // (which RegExpRouter cannot hold: /credentials/bulk beside /credentials/:id/regenerate) is a
  // trie walked segment by segment. About 9% faster through the app in an in-process A/B.
  // FlatRouter runs each route's middleware as one chain that stays synchronous when its steps
  // are (a good Bearer call is): see lib/flat-router.ts.
  const onError = handleError(deps);
  const integrationApp = new Hono<AppEnv>({ router: new FlatRouter(new RegExpRouter(), onError, noRoute) })
    .use(context)
    .route("/healthz", health)
    .route("/api/v1", integration);
  integrationApp.notFound(noRoute);
  integrationApp.onError(onError);
  const everyRoute = app.fetch;
  app.fetch = (request, env, executionContext) =>
    isIntegrationPath(request.url) ? integrationApp.fetch(request, env, executionContext) : everyRoute(request, env, executionContext);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
