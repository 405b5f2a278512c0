import { Hono } from "hono";
import type { IntegrationEnv } from "../../env.ts";
import { buildOpenApiDocument } from "./openapi-from-operations.ts";

export const openApiRoutes = () => {
  // Built on first request: at start it would cost every instance time and memory for a document
  // few of them are ever asked for.
  let document: string | undefined;
  return new Hono<IntegrationEnv>().get("/", (c) => {
    document ??= JSON.stringify(buildOpenApiDocument());
    c.header("Content-Type", "application/json; charset=utf-8");
    return c.body(document, 200);
  });
};
