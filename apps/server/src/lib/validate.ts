import { fieldErrors } from "@gatehouse/shared";
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { invalid } from "./api-error.ts";

/**
 * Validates one part of the request with a shared zod schema; a failure becomes
 * `invalid_request` with a message per field, and the handler reads `c.req.valid(target)`.
 * Text holding a NUL character is refused too: PostgreSQL cannot store one, and a value that
 * one database keeps and the other refuses would make the two behave apart.
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw invalid(fieldErrors(result.error.issues));
    const field = fieldWithNul(result.data, "");
    if (field !== null) throw invalid({ [field || target]: "Must not contain the NUL character" });
  });

/** The dotted path of the first string holding U+0000 in a parsed value, or null. */
function fieldWithNul(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [name, inner] of Object.entries(value)) {
    const found = fieldWithNul(inner, path ? `${path}.${name}` : name);
    if (found !== null) return found;
  }
  return null;
}
