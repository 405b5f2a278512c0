import type { ApiPage, Order, Product } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { countOf, errorOf, fromIp, integrationSetup, jsonOf, rowsOf, sameOrigin } from "./helpers.ts";

async function withToken(scopes = ["products:read", "products:write", "orders:read", "orders:write"]) {
  const t = await integrationSetup();
  const { key, username } = await t.credential({ scopes });
  const { token } = await t.login(username, key);
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.v1(method, path, { token, ...(body === undefined ? {} : { body }), headers });
  return { ...t, call };
}

describe("products", () => {
  it("pages through every product with the cursor, in SKU order", async () => {
    const t = await withToken();
    const skus: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: ApiPage<Product> = await jsonOf<ApiPage<Product>>(await t.call("GET", `/products?limit=5${cursor ? `&cursor=${cursor}` : ""}`));
      expect(page.items.length).toBeLessThanOrEqual(5);
      skus.push(...page.items.map((product) => product.sku));
      cursor = page.next_cursor;
    }
    expect(skus).toHaveLength(16);
    expect(skus).toEqual(skus.toSorted());
  });

  it("reads and updates one product", async () => {
    const t = await withToken();
    expect(await jsonOf(await t.call("GET", "/products/MUG-LOGO"))).toMatchObject({ sku: "MUG-LOGO", price: 12.5, quantity: 120, status: "enabled" });
    const res = await t.call("PATCH", "/products/MUG-LOGO", { quantity: 7, price: 13.99, status: "disabled" });
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toMatchObject({ quantity: 7, price: 13.99, status: "disabled" });
    expect(await jsonOf(await t.call("GET", "/products/MUG-LOGO"))).toMatchObject({ quantity: 7, price: 13.99 });
  });

  it.each([
    [{ quantity: -1 }, "quantity", "quantity cannot be negative"],
    [{ quantity: 1.5 }, "quantity", "whole number"],
    [{ quantity: "5" }, "quantity", "whole number"],
    [{ price: -0.01 }, "price", "cannot be negative"],
    [{ price: 1.234 }, "price", "two decimals"],
    [{ price: 1e-9 }, "price", "two decimals"],
    [{ price: 9_999_999.991 }, "price", "two decimals"],
    [{ status: "archived" }, "status", "enabled or disabled"],
    [{ name: "Renamed" }, "body", "Only quantity, price and status can be changed"],
    [{}, "body", "Send at least one of"],
  ])("refuses %o with a message on %s and changes nothing", async (body, field, message) => {
    const t = await withToken();
    const res = await t.call("PATCH", "/products/MUG-LOGO", body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.fields?.[field]).toContain(message);
    expect(await jsonOf(await t.call("GET", "/products/MUG-LOGO"))).toMatchObject({ quantity: 120, price: 12.5, status: "enabled" });
  });

  it("refuses a malformed SKU with 400 and answers an unknown one with 404", async () => {
    const t = await withToken();
    const bad = await t.call("GET", `/products/${encodeURIComponent("mug logo!")}`);
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).fields?.sku).toBeTruthy();
    const missing = await t.call("PATCH", "/products/NO-SUCH-SKU", { quantity: 1 });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe("not_found");
  });

  it.each(["?limit=0", "?limit=101", "?limit=ten", "?cursor=%%%"])("refuses list query %s", async (query) => {
    const t = await withToken();
    const res = await t.call("GET", `/products${query}`);
    expect(res.status).toBe(400);
  });
});

describe("orders", () => {
  it("lists newest first, filters by status, pages, reads and updates one", async () => {
    const t = await withToken();
    const first = await jsonOf<ApiPage<Order>>(await t.call("GET", "/orders?limit=10"));
    expect(first.items[0]?.id).toBe(1024);
    const second = await jsonOf<ApiPage<Order>>(await t.call("GET", `/orders?limit=10&cursor=${first.next_cursor}`));
    expect(second.items[0]?.id).toBe(1014);
    const shipped = await jsonOf<ApiPage<Order>>(await t.call("GET", "/orders?status=shipped"));
    expect(shipped.items.length).toBeGreaterThan(0);
    expect(shipped.items.every((order) => order.status === "shipped")).toBe(true);
    const order = await jsonOf<Order>(await t.call("GET", "/orders/1001"));
    expect(order).toMatchObject({ id: 1001, currency: "EUR", customer: { name: "Ada Lovelace" } });
    expect(order.total).toBeCloseTo(
      order.items.reduce((sum, item) => sum + item.price * item.quantity, 0),
      2,
    );
    expect(await jsonOf(await t.call("PATCH", "/orders/1001", { status: "shipped" }))).toMatchObject({ id: 1001, status: "shipped" });
  });

  it.each([
    ["GET", "/orders/abc", undefined, 400],
    ["GET", "/orders/0", undefined, 400],
    ["GET", "/orders/99999", undefined, 404],
    ["GET", "/orders?status=lost", undefined, 400],
    ["GET", "/orders?limit=0x10", undefined, 400],
    ["GET", "/products?limit=1e2", undefined, 400],
    ["GET", "/products?limit=%2010", undefined, 400],
    ["GET", "/products?limit=", undefined, 400],
    ["GET", "/products?limit=101", undefined, 400],
    ["PATCH", "/orders/1001", { status: "teleported" }, 400],
    ["PATCH", "/orders/1001", { status: "shipped", total: 0 }, 400],
    ["PATCH", "/orders/1001", [], 400],
    ["PATCH", "/orders/1001", null, 400],
  ])("%s %s %j answers %s", async (method, path, body, status) => {
    const t = await withToken();
    const res = await t.call(method, path, body);
    expect(res.status).toBe(status);
    expect((await errorOf(res)).request_id).toMatch(/^req_/);
  });
});

describe("request hygiene", () => {
  it.each([
    ["DELETE", "/login"],
    ["PUT", "/products/MUG-LOGO"],
    ["POST", "/session"],
  ])("answers %s %s, a method the path does not take, 404 not_found in the envelope (the contract has no 405)", async (method, path) => {
    const t = await withToken();
    const res = await t.call(method, path);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: "not_found", request_id: expect.stringMatching(/^req_/) });
  });

  it("refuses a non-JSON body with 415, recorded on the key; without credentials it is 401 first", async () => {
    const t = await withToken();
    const res = await t.call("PATCH", "/products/MUG-LOGO", "quantity=5", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe("unsupported_media_type");
    const stranger = await t.v1("PATCH", "/products/MUG-LOGO", { body: "quantity=5", headers: { "Content-Type": "text/plain" } });
    expect(stranger.status).toBe(401);
    await t.deps.history.flush();
    const rows = (await rowsOf(t.store, "select credential_id, status from api_history where call = 'products.update' order by status")) as {
      credential_id: string | null;
      status: number;
    }[];
    expect(rows.map((row) => [row.status, row.credential_id === null ? "store-wide" : "on the key"])).toEqual([
      [401, "store-wide"],
      [415, "on the key"],
    ]);
  });

  // A review's find: a compressed body was read as if it were plain.
  it("refuses a compressed body with 415 and changes nothing, here and on the admin API", async () => {
    const t = await withToken();
    const before = await jsonOf<Product>(await t.call("GET", "/products/MUG-LOGO"));
    for (const encoding of ["gzip", "br, gzip", "x-made-up"]) {
      const res = await t.call("PATCH", "/products/MUG-LOGO", { quantity: before.quantity + 1 }, { "Content-Encoding": encoding });
      expect(res.status).toBe(415);
      expect((await errorOf(res)).message).toBe("Send the body uncompressed: Content-Encoding is not accepted");
    }
    expect(await jsonOf<Product>(await t.call("GET", "/products/MUG-LOGO"))).toEqual(before);
    expect((await t.call("PATCH", "/products/MUG-LOGO", { quantity: before.quantity + 1 }, { "Content-Encoding": "identity" })).status).toBe(200);
    const created = await t.app.request(
      "/api/admin/credentials",
      {
        method: "POST",
        headers: { ...sameOrigin, Cookie: t.cookie, "Content-Type": "application/json", "Content-Encoding": "gzip" },
        body: JSON.stringify({ username: "zipped", scopes: ["orders:read"], allowedIps: [] }),
      },
      fromIp("127.0.0.1"),
    );
    expect(created.status).toBe(415);
    expect(await countOf(t.store, "credentials", "username = 'zipped'")).toBe(0);
  });

  it("refuses a body over 64 KB with 413", async () => {
    const t = await withToken();
    const res = await t.call("PATCH", "/products/MUG-LOGO", { status: "enabled", padding: "x".repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("payload_too_large");
  });

  it("answers an unknown path in the envelope", async () => {
    const t = await withToken();
    const res = await t.call("GET", "/customers");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("not_found");
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document describing every call", async () => {
    const t = await integrationSetup();
    const res = await t.v1("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = await jsonOf<{
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { schemas: Record<string, unknown> };
    }>(res);
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths).flatMap((path) => Object.values(path).map((operation) => operation.operationId));
    expect(operations.toSorted()).toEqual([
      "login",
      "logout",
      "orders.get",
      "orders.list",
      "orders.update",
      "products.get",
      "products.list",
      "products.update",
      "session",
    ]);
    expect(doc.components.schemas.ProductUpdate).toMatchObject({ properties: { quantity: { minimum: 0 } }, additionalProperties: false });
  });

  // A review's find: login answers 413 to a body over 64 KB, and the document did not say so.
  it("names 413 and 415 for every call that takes a body, login included", async () => {
    const t = await integrationSetup();
    const doc = await jsonOf<{ paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; responses: Record<string, unknown> }>> }>(
      await t.v1("GET", "/openapi.json"),
    );
    const withBody = Object.values(doc.paths).flatMap((path) => Object.values(path).filter((operation) => operation.requestBody));
    expect(withBody.map((operation) => operation.operationId).toSorted()).toEqual(["login", "orders.update", "products.update"]);
    for (const operation of withBody) expect(Object.keys(operation.responses), operation.operationId).toEqual(expect.arrayContaining(["413", "415"]));
    expect((await t.v1("POST", "/login", { body: { username: "erp-sync", key: "x".repeat(70_000) } })).status).toBe(413);
  });
});
