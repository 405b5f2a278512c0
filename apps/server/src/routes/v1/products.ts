import { listProductsQuerySchema, skuSchema, updateProductSchema } from "@gatehouse/shared";
import { Hono } from "hono";
import { z } from "zod";
import { getProduct, listProducts, updateProduct } from "../../domain/catalog/products.ts";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { guard } from "../../middleware/v1/guard.ts";

const skuParam = z.object({ sku: skuSchema });

export const productRoutes = (deps: AppDeps) =>
  new Hono<IntegrationEnv>()
    .get("/", guard(deps, "products.list"), validate("query", listProductsQuerySchema), (c) => c.json(listProducts(deps.store.db, c.req.valid("query")), 200))
    .get("/:sku", guard(deps, "products.get"), validate("param", skuParam), (c) => c.json(getProduct(deps.store.db, c.req.valid("param").sku), 200))
    .patch("/:sku", guard(deps, "products.update"), validate("param", skuParam), validate("json", updateProductSchema), (c) =>
      c.json(updateProduct(deps.store.db, deps.clock(), c.req.valid("param").sku, c.req.valid("json")), 200),
    );
