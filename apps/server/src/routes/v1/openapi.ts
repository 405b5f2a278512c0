import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { buildOpenApiDocument } from "./openapi-document.ts";

export const openApiRoutes = () => {
  const document = JSON.stringify(buildOpenApiDocument());
  return new Hono<AppEnv>().get("/", (c) => {
    c.header("Content-Type", "application/json; charset=utf-8");
    return c.body(document, 200);
  });
};
