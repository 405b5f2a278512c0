import { Hono } from "hono";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { refuseSecretsUnguarded } from "../../middleware/v1/guard.ts";
import { recordCall } from "../../middleware/v1/record-call.ts";
import { openApiRoutes } from "./openapi.ts";
import { orderRoutes } from "./orders.ts";
import { productRoutes } from "./products.ts";
import { sessionRoutes } from "./session.ts";

/**
 * The integration API. Every named call is recorded in history, allowed or refused. Its routes'
 * guards refuse secrets in the URL; the OpenAPI document and paths no route knows refuse them
 * too (the last `use` runs only where no route answered before it).
 */
export const integrationRoutes = (deps: AppDeps) => {
  const refuseSecrets = refuseSecretsUnguarded(deps);
  return new Hono<IntegrationEnv>()
    .use(recordCall(deps))
    .route("/", sessionRoutes(deps))
    .route("/products", productRoutes(deps))
    .route("/orders", orderRoutes(deps))
    .use("/openapi.json", refuseSecrets)
    .route("/openapi.json", openApiRoutes())
    .use(refuseSecrets);
};
