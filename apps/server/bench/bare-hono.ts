import { serve } from "@hono/node-server";
import { Hono } from "hono";

// The cost of HTTP itself, the bench's baseline: the same Node and @hono/node-server as
// Gatehouse, no middleware, answering a JSON body of the size /healthz answers with.
// EXTRA_WORK_US (bench:calibrate only) spins that many microseconds per request before answering.
const body = { status: "ok", database: "ok", version: "0.1.0" };
const extraMs = Number(process.env.EXTRA_WORK_US ?? 0) / 1000;
const spin = () => {
  const until = performance.now() + extraMs;
  while (performance.now() < until);
};
const app = new Hono().get("/", (c) => {
  if (extraMs > 0) spin();
  return c.json(body);
});
// An orderly exit on the bench's SIGTERM, so `bench:profile bare` gets its profile written.
process.on("SIGTERM", () => process.exit(0));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
