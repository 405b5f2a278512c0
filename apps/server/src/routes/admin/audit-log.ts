import { auditQuerySchema } from "@gatehouse/shared";
import { Hono } from "hono";
import { listAudit } from "../../domain/audit.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { requirePermission, type AdminEnv } from "../../middleware/admin-auth.ts";

export const auditLogRoutes = (deps: AppDeps) =>
  new Hono<AdminEnv>()
    .use(requirePermission("audit.read"))
    .get("/", validate("query", auditQuerySchema), async (c) => c.json(await listAudit(deps.store.repos, c.req.valid("query")), 200));
