import type { z } from "zod";
import type { Scope } from "./schemas/credential.ts";
import { type ApiCall, listOrdersQuerySchema, listProductsQuerySchema } from "./schemas/integration.ts";

/** One call of the integration API, declared once: the route's guard and the OpenAPI document both read it. */
export type Operation = {
  method: "get" | "post" | "patch";
  /** Under /api/v1, in OpenAPI's spelling: `{sku}` where Hono writes `:sku`. */
  path: string;
  summary: string;
  /** The permission the call needs; null when any valid key may make it. */
  scope: Scope | null;
  /** Path parameters and what they are. */
  params?: Record<string, string>;
  query?: z.ZodObject;
  /** Component schema names of the JSON body and of the 200 answer (null: 204, no body). */
  body?: string;
  response: string | null;
  /** Login authenticates itself: no credentials, a form body too, its own answers. */
  login?: true;
};

export const operations = {
  login: {
    method: "post",
    path: "/login",
    summary: "Exchange a username and key for a session token",
    scope: null,
    body: "LoginRequest",
    response: "LoginResponse",
    login: true,
  },
  session: { method: "get", path: "/session", summary: "Test the connection: who you are, from where, until when", scope: null, response: "Session" },
  logout: { method: "post", path: "/logout", summary: "Revoke the session token", scope: null, response: null },
  "products.list": {
    method: "get",
    path: "/products",
    summary: "List products by SKU",
    scope: "products:read",
    query: listProductsQuerySchema,
    response: "ProductPage",
  },
  "products.get": {
    method: "get",
    path: "/products/{sku}",
    summary: "Get one product",
    scope: "products:read",
    params: { sku: "The product SKU" },
    response: "Product",
  },
  "products.update": {
    method: "patch",
    path: "/products/{sku}",
    summary: "Change stock, price or status",
    scope: "products:write",
    params: { sku: "The product SKU" },
    body: "ProductUpdate",
    response: "Product",
  },
  "orders.list": {
    method: "get",
    path: "/orders",
    summary: "List orders, newest first",
    scope: "orders:read",
    query: listOrdersQuerySchema,
    response: "OrderPage",
  },
  "orders.get": { method: "get", path: "/orders/{id}", summary: "Get one order", scope: "orders:read", params: { id: "The order number" }, response: "Order" },
  "orders.update": {
    method: "patch",
    path: "/orders/{id}",
    summary: "Change an order's status",
    scope: "orders:write",
    params: { id: "The order number" },
    body: "OrderUpdate",
    response: "Order",
  },
} as const satisfies Record<ApiCall, Operation>;

/** "GET /api/v1/products/:sku": how Hono lists the route that serves an operation. */
export const routeOf = (operation: Operation) => `${operation.method.toUpperCase()} /api/v1${operation.path.replace(/\{(\w+)\}/g, ":$1")}`;
