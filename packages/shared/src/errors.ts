import { z } from "zod";

/** Every error the integration API and the admin API can answer with, and its HTTP status. */
export const errorStatus = {
  invalid_request: 400,
  unauthorized: 401,
  invalid_token: 401,
  invalid_signature: 401,
  forbidden: 403,
  ip_not_allowed: 403,
  insufficient_scope: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** The database is unreachable (PostgreSQL down or restarting); sent with `Retry-After`. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type ErrorStatus = (typeof errorStatus)[ErrorCode];

export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    request_id: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** Turns zod issues into `{ field: message }`, first message per field wins. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
    fields[name] ??= issue.message;
  }
  return fields;
}
