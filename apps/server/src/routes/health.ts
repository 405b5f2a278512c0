import { Hono } from "hono";
import type { Health } from "@gatehouse/shared";
import type { AppEnv } from "../env.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError } from "../lib/api-error.ts";
import { replyJson } from "../middleware/reply.ts";

export const version = "0.1.0";

export const healthRoutes = (deps: AppDeps) => {
  const ping = deps.store.sqlite.prepare("select 1");
  return new Hono<AppEnv>().get("/", (c) => {
    try {
      ping.get();
    } catch {
      throw new ApiError("internal", "The database is not answering");
    }
    // Still 200 without Redis: instances fall back to their own limits and keep answering.
    const body: Health = { status: "ok", database: "ok", ...(deps.redis ? { redis: deps.redis.available() ? "ok" : "unavailable" } : {}), version };
    c.get("replyHeaders")["cache-control"] = "no-store";
    return replyJson(c, body);
  });
};
