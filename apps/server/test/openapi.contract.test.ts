import { operations, routeOf } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { testApp } from "./helpers.ts";

/** The integration routes the app serves, as "METHOD /api/v1/path" (the document itself aside). */
function servedRoutes(routes: readonly { method: string; path: string }[]) {
  return new Set(
    routes
      .filter((route) => route.method !== "ALL" && route.path.startsWith("/api/v1/") && route.path !== "/api/v1/openapi.json")
      .map((route) => `${route.method} ${route.path}`),
  );
}

const documented = new Set(Object.values(operations).map(routeOf));

/** Routes served without an operation in the table, and operations no route serves. */
function disagreements(routes: readonly { method: string; path: string }[]) {
  const served = servedRoutes(routes);
  return { undocumented: [...served].filter((route) => !documented.has(route)), unserved: [...documented].filter((route) => !served.has(route)) };
}

describe("the OpenAPI document and the routes", () => {
  it("declare the same calls: every route has an operation, every operation a route", async () => {
    const { app } = await testApp();
    expect(disagreements(app.routes)).toEqual({ undocumented: [], unserved: [] });
  });

  it("catch a route added without documentation", async () => {
    const { app } = await testApp();
    app.delete("/api/v1/products/:sku", (c) => c.body(null, 204));
    expect(disagreements(app.routes).undocumented).toEqual(["DELETE /api/v1/products/:sku"]);
  });

  it("give each operation the scope its route enforces", async () => {
    const { app } = await testApp();
    const res = await app.request("/api/v1/openapi.json");
    const doc = (await res.json()) as { paths: Record<string, Record<string, { operationId: string; "x-required-scope"?: string }>> };
    for (const [call, operation] of Object.entries(operations)) {
      expect(doc.paths[operation.path]?.[operation.method], call).toMatchObject({ operationId: call });
      expect(doc.paths[operation.path]?.[operation.method]?.["x-required-scope"] ?? null, call).toBe(operation.scope);
    }
  });
});
