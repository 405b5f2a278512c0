import { Hono } from "hono";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { recordCall } from "../../middleware/v1/record-call.ts";
import { openApiRoutes } from "./openapi.ts";
import { orderRoutes } from "./orders.ts";
import { productRoutes } from "./products.ts";
import { sessionRoutes } from "./session.ts";

/** The integration API. Every named call is recorded in history, allowed or refused. */
export const integrationRoutes = (deps: AppDeps) =>
  new Hono<IntegrationEnv>()
    .use(recordCall(deps))
    .route("/", sessionRoutes(deps))
    .route("/products", productRoutes(deps))
    .route("/orders", orderRoutes(deps))
    .route("/openapi.json", openApiRoutes());
