import { z } from "zod";

export const healthSchema = z.object({
  status: z.literal("ok"),
  database: z.literal("ok"),
  /** With REDIS_URL: whether limits are shared right now. */
  redis: z.enum(["ok", "unavailable"]).optional(),
  version: z.string(),
});

export type Health = z.infer<typeof healthSchema>;
