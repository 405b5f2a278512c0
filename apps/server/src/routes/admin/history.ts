import { chartQuerySchema, historyFiltersSchema, historyQuerySchema } from "@gatehouse/shared";
import { Hono } from "hono";
import { stream } from "hono/streaming";
import { z } from "zod";
import { allowFromHistory } from "../../domain/history/allow-address.ts";
import { historyChart } from "../../domain/history/chart.ts";
import { exportHistoryCsv } from "../../domain/history/export-csv.ts";
import { listHistory } from "../../domain/history/list.ts";
import { activitySummary } from "../../domain/history/summary.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { actorOf, requirePermission, type AdminEnv } from "../../middleware/admin-auth.ts";

const rowParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, { message: "A history row id is a whole number" })
    .transform(Number),
});

/** History of /api/v1 calls: per credential (History tab) and store-wide (Activity page). */
export const historyRoutes = (deps: AppDeps) =>
  new Hono<AdminEnv>()
    .use(requirePermission("history.read"))
    .get("/", validate("query", historyQuerySchema), async (c) => {
      // Rows recorded in the last second are still in memory; show them too.
      await deps.history.flush();
      return c.json(await listHistory(deps.store.repos, c.req.valid("query")), 200);
    })
    .get("/chart", validate("query", chartQuerySchema), async (c) => {
      await deps.history.flush();
      const { range, credentialId } = c.req.valid("query");
      return c.json(await historyChart(deps.store.repos, deps.clock(), range, credentialId), 200);
    })
    .get("/summary", async (c) => {
      await deps.history.flush();
      return c.json(await activitySummary(deps.store.repos, deps.clock()), 200);
    })
    // "Allow this IP" on a refused row: the row, not the browser, says which key and address.
    .post("/:id/allow-ip", requirePermission("credentials.write"), validate("param", rowParam), async (c) => {
      await deps.history.flush();
      const ctx = { repos: deps.store.repos, now: deps.clock(), actor: actorOf(c), changed: deps.credentialChanged };
      return c.json(await allowFromHistory(ctx, c.req.valid("param").id), 200);
    })
    .get("/export.csv", validate("query", historyFiltersSchema), async (c) => {
      await deps.history.flush();
      const filters = c.req.valid("query");
      const day = new Date(deps.clock()).toISOString().slice(0, 10);
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="gatehouse-history-${day}.csv"`);
      return stream(
        c,
        (output) => exportHistoryCsv(deps.store.repos, filters, (chunk) => output.write(chunk).then(() => undefined)),
        async (error) => {
          deps.logger.error("history export failed", { request_id: c.get("requestId"), error: String(error) });
        },
      );
    });
