import { listProductsQuerySchema, skuSchema, updateProductSchema } from "@gatehouse/shared";
import { Hono } from "hono";
import { z } from "zod";
import { getProduct, listProducts, updateProduct } from "../../domain/catalog/products.ts";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { guard } from "../../middleware/v1/guard.ts";
import { replyJson } from "../../middleware/reply.ts";

const skuParam = z.object({ sku: skuSchema });

export const productRoutes = (deps: AppDeps) =>
  new Hono<IntegrationEnv>()
    .get("/", guard(deps, "products.list"), validate("query", listProductsQuerySchema), async (c) =>
      replyJson(c, await listProducts(deps.store.repos, c.req.valid("query"))),
    )
    .get("/:sku", guard(deps, "products.get"), validate("param", skuParam), async (c) =>
      replyJson(c, await getProduct(deps.store.repos, c.req.valid("param").sku)),
    )
    .patch("/:sku", guard(deps, "products.update"), validate("param", skuParam), validate("json", updateProductSchema), async (c) =>
      replyJson(c, await updateProduct(deps.store.repos, deps.clock(), c.req.valid("param").sku, c.req.valid("json"))),
    );
