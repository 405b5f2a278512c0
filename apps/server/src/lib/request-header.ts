import type { Context } from "hono";
import type { AppEnv } from "../env.ts";

/**
 * A request header (its lower-case name) as `c.req.header()` answers it, read straight from
 * Node's raw header list: several lines of one header are joined with ", ", as the Node adapter
 * joins them, so two `Authorization` headers still make one value no scheme accepts. For the
 * integration API's hot path, where the adapter's own lookup (a header object, a name check and a
 * copy of the list per call) took about a third of a Bearer call's authentication. Without the
 * adapter (tests that call the app directly), `c.req.header()`.
 */
export function requestHeader<E extends AppEnv>(c: Context<E>, name: string): string | undefined {
  const raw = c.env?.incoming?.rawHeaders;
  if (raw === undefined) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const rawName = raw[i] as string;
    if (rawName.length !== name.length || rawName.toLowerCase() !== name) continue;
    const line = raw[i + 1] as string;
    value = value === undefined ? line : `${value}, ${line}`;
  }
  return value;
}
