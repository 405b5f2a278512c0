import type { Scope } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { errorOf, integrationSetup } from "./helpers.ts";

/**
 * Every integration endpoint and the scope it needs. The first test fails when a route is added
 * without an entry here, so no route ships unchecked.
 */
const routes: Record<string, Scope | null | "public"> = {
  "POST /api/v1/login": "public",
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/session": null,
  "POST /api/v1/logout": null,
  "GET /api/v1/products": "products:read",
  "GET /api/v1/products/:sku": "products:read",
  "PATCH /api/v1/products/:sku": "products:write",
  "GET /api/v1/orders": "orders:read",
  "GET /api/v1/orders/:id": "orders:read",
  "PATCH /api/v1/orders/:id": "orders:write",
};

const concrete = (path: string) => path.replace(":sku", "MUG-LOGO").replace(":id", "1001").replace("/api/v1", "");
const bodyFor = (method: string, path: string) => (method !== "PATCH" ? undefined : path.includes("orders") ? { status: "processing" } : { status: "enabled" });

describe("integration API access rules", () => {
  it("every endpoint has a decided scope", async () => {
    const t = await integrationSetup();
    const seen = new Set(
      t.app.routes.filter((route) => route.method !== "ALL" && route.path.startsWith("/api/v1")).map((route) => `${route.method} ${route.path}`),
    );
    expect([...seen].toSorted()).toEqual(Object.keys(routes).toSorted());
  });

  const protectedRoutes = Object.entries(routes).filter((entry): entry is [string, Scope | null] => entry[1] !== "public");

  it.each(protectedRoutes)("%s refuses no credentials, a bad token, a wrong address and a missing scope", async (route, scope) => {
    const t = await integrationSetup();
    const [method = "GET", path = "/"] = route.split(" ");
    const url = concrete(path);
    const body = bodyFor(method, path);
    const ask = (options: Parameters<typeof t.v1>[2]) => t.v1(method, url, { ...options, ...(body ? { body } : {}) });

    expect((await ask({})).status).toBe(401);
    const bad = await ask({ token: "forged" });
    expect(bad.status).toBe(401);
    expect((await errorOf(bad)).code).toBe("invalid_token");

    const full = await t.credential();
    const { token } = await t.login(full.username, full.key);
    expect((await ask({ token, ip: "198.51.100.200" })).status).toBe(401);
    expect((await ask({ basic: [full.username, full.key], ip: "198.51.100.200" })).status).toBe(403);
    expect((await ask({ token })).status).toBeLessThan(300);

    const bare = await t.credential({ scopes: [] });
    const res = await ask({ basic: [bare.username, bare.key] });
    if (scope === null) {
      expect(res.status).toBeLessThan(300);
    } else {
      expect(res.status).toBe(403);
      const error = await errorOf(res);
      expect(error.code).toBe("insufficient_scope");
      expect(error.message).toContain(scope);
    }
  });
});
