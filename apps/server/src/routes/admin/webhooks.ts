import { createWebhookSchema } from "@gatehouse/shared";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../deps.ts";
import { createWebhook, listDeliveries, listWebhooks, removeWebhook, resendDelivery, sendTestEvent } from "../../domain/webhooks/endpoints.ts";
import { validate } from "../../lib/validate.ts";
import { actorOf, requirePermission, type AdminEnv } from "../../middleware/admin-auth.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
const deliveryParam = idParam.extend({ deliveryId: z.coerce.number({ message: "Unknown delivery" }).int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** Settings → Notifications; owners only. */
export const webhookRoutes = (deps: AppDeps) =>
  new Hono<AdminEnv>()
    .use(requirePermission("webhooks.manage"))
    .get("/", (c) => c.json({ items: listWebhooks(deps.store.db) }, 200))
    .post("/", validate("json", createWebhookSchema), (c) => c.json(createWebhook(deps.store.db, deps.clock(), actorOf(c), c.req.valid("json")), 201))
    .delete("/:id", validate("param", idParam), (c) => {
      removeWebhook(deps.store.db, deps.clock(), actorOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .post("/:id/test", validate("param", idParam), (c) => {
      const eventId = sendTestEvent(deps.store.db, deps.clock(), actorOf(c), c.req.valid("param").id);
      deps.webhooks.wake();
      return c.json({ eventId }, 202);
    })
    .get("/:id/deliveries", validate("param", idParam), (c) => c.json({ items: listDeliveries(deps.store.db, c.req.valid("param").id) }, 200))
    .post("/:id/deliveries/:deliveryId/resend", validate("param", deliveryParam), (c) => {
      const { id, deliveryId } = c.req.valid("param");
      const eventId = resendDelivery(deps.store.db, deps.clock(), actorOf(c), id, deliveryId);
      deps.webhooks.wake();
      return c.json({ eventId }, 202);
    });
