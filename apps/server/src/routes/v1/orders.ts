import { listOrdersQuerySchema, orderIdSchema, updateOrderSchema } from "@gatehouse/shared";
import { Hono } from "hono";
import { z } from "zod";
import { getOrder, listOrders, updateOrderStatus } from "../../domain/catalog/orders.ts";
import type { IntegrationEnv } from "../../env.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { guard } from "../../middleware/v1/guard.ts";
import { replyJson } from "../../middleware/reply.ts";

const idParam = z.object({ id: orderIdSchema.transform(Number) });

export const orderRoutes = (deps: AppDeps) =>
  new Hono<IntegrationEnv>()
    .get("/", guard(deps, "orders.list"), validate("query", listOrdersQuerySchema), async (c) =>
      replyJson(c, await listOrders(deps.store.repos, c.req.valid("query"))),
    )
    .get("/:id", guard(deps, "orders.get"), validate("param", idParam), async (c) => replyJson(c, await getOrder(deps.store.repos, c.req.valid("param").id)))
    .patch("/:id", guard(deps, "orders.update"), validate("param", idParam), validate("json", updateOrderSchema), async (c) =>
      replyJson(c, await updateOrderStatus(deps.store.repos, deps.clock(), c.req.valid("param").id, c.req.valid("json").status)),
    );
