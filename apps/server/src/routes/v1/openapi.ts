import { Hono } from "hono";
import type { IntegrationEnv } from "../../env.ts";
import { buildOpenApiDocument } from "./openapi-from-operations.ts";

export const openApiRoutes = () => {
  const document = JSON.stringify(buildOpenApiDocument());
  return new Hono<IntegrationEnv>().get("/", (c) => {
    c.header("Content-Type", "application/json; charset=utf-8");
    return c.body(document, 200);
  });
};
