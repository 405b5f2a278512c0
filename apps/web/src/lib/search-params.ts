import type { z } from "zod";

/**
 * One value of the page's address (`?status=…`) read with the schema the server checks it with.
 * An address is typed, pasted and kept in bookmarks, so a value that is missing or wrong is
 * `fallback`, without an error: the page shows its default rather than a broken state.
 */
export function paramOr<Value>(params: URLSearchParams, name: string, schema: z.ZodType<Value>, fallback: Value): Value {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : fallback;
}
