import { createAdminUserSchema, updateAdminUserSchema } from "@gatehouse/shared";
import { Hono } from "hono";
import { z } from "zod";
import { createAdminUser, deleteAdminUser, listAdminUsers, updateAdminUser } from "../../domain/admin/users.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { actorOf, requirePermission, type AdminEnv } from "../../middleware/admin-auth.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });

/** Admin users; owners only. */
export const userRoutes = (deps: AppDeps) =>
  new Hono<AdminEnv>()
    .use(requirePermission("users.manage"))
    .get("/", async (c) => c.json({ items: await listAdminUsers(deps.store.repos) }, 200))
    .post("/", validate("json", createAdminUserSchema), async (c) => {
      const user = await createAdminUser(deps.store.repos, deps.clock(), actorOf(c), c.req.valid("json"));
      return c.json(user, 201);
    })
    .patch("/:id", validate("param", idParam), validate("json", updateAdminUserSchema), async (c) => {
      const user = await updateAdminUser(deps.store.repos, deps.clock(), actorOf(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json(user, 200);
    })
    .delete("/:id", validate("param", idParam), async (c) => {
      await deleteAdminUser(deps.store.repos, deps.clock(), actorOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    });
