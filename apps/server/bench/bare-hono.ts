import { serve } from "@hono/node-server";
import { Hono } from "hono";

// The cost of HTTP itself, the bench's baseline: the same Node and @hono/node-server as
// Gatehouse, no middleware, answering a JSON body of the size /healthz answers with.
const body = { status: "ok", database: "ok", version: "0.1.0" };
const app = new Hono().get("/", (c) => c.json(body));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
