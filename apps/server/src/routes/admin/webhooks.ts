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
    .get("/", async (c) => c.json({ items: await listWebhooks(deps.store.repos) }, 200))
    .post("/", validate("json", createWebhookSchema), async (c) =>
      c.json(await createWebhook(deps.store.repos, deps.clock(), actorOf(c), c.req.valid("json")), 201),
    )
    .delete("/:id", validate("param", idParam), async (c) => {
      await removeWebhook(deps.store.repos, deps.clock(), actorOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .post("/:id/test", validate("param", idParam), async (c) => {
      const eventId = await sendTestEvent(deps.store.repos, deps.clock(), actorOf(c), c.req.valid("param").id);
      deps.webhooks.wake();
      return c.json({ eventId }, 202);
    })
    .get("/:id/deliveries", validate("param", idParam), async (c) => c.json({ items: await listDeliveries(deps.store.repos, c.req.valid("param").id) }, 200))
    .post("/:id/deliveries/:deliveryId/resend", validate("param", deliveryParam), async (c) => {
      const { id, deliveryId } = c.req.valid("param");
      const eventId = await resendDelivery(deps.store.repos, deps.clock(), actorOf(c), id, deliveryId);
      deps.webhooks.wake();
      return c.json({ eventId }, 202);
    });
