import type { Context } from "hono";
import type { AppEnv } from "../env.ts";

/** The address of the TCP peer, in its plain form (IPv4-mapped IPv6 becomes IPv4). */
export function socketAddress(c: Context<AppEnv>): string {
  const raw = c.env?.incoming?.socket?.remoteAddress ?? "";
  const plain = raw.startsWith("::ffff:") && raw.includes(".") ? raw.slice(7) : raw;
  return plain || "unknown";
}
