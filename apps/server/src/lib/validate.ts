import { fieldErrors } from "@gatehouse/shared";
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { invalid } from "./api-error.ts";

/**
 * Validates one part of the request with a shared zod schema; a failure becomes
 * `invalid_request` with a message per field, and the handler reads `c.req.valid(target)`.
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw invalid(fieldErrors(result.error.issues));
  });
