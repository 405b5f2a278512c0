import { apiCalls, apiOutcomes, fieldErrors, historyFiltersSchema, type HistoryFilters } from "@gatehouse/shared";
import { z } from "zod";
import { paramOr } from "@/lib/search-params.ts";

/**
 * The History and Activity filters as their fields show them and the page's address keeps them
 * (`?outcome=ip_not_allowed&ip=…`), so a reload or Back shows the same rows. Dates are local
 * times, as a datetime-local field reads and writes them.
 */
export type FilterFields = { username: string; call: string; ip: string; outcome: string; from: string; to: string };

const filterNames = ["username", "call", "ip", "outcome", "from", "to"] as const;
export const noFilters: FilterFields = { username: "", call: "", ip: "", outcome: "", from: "", to: "" };

// Typed text is kept as typed (even when wrong, so its field can say why); a choice the lists do
// not offer, or a date a date field cannot show, is dropped.
const typed = z.string().max(64);
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/)
  .refine((value) => !Number.isNaN(new Date(value).getTime()));

export function readFilterFields(params: URLSearchParams): FilterFields {
  return {
    username: paramOr(params, "username", typed, ""),
    call: paramOr<string>(params, "call", z.enum(apiCalls), ""),
    ip: paramOr(params, "ip", typed, ""),
    outcome: paramOr<string>(params, "outcome", z.enum(apiOutcomes), ""),
    from: paramOr(params, "from", localDateTime, ""),
    to: paramOr(params, "to", localDateTime, ""),
  };
}

/** `params` with the filters as `fields` say, empty ones left out; other parameters (the credential page's tab) stay. */
export function withFilterFields(params: URLSearchParams, fields: FilterFields): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of filterNames) {
    if (fields[name]) next.set(name, fields[name]);
    else next.delete(name);
  }
  return next;
}

export const anyFilter = (fields: FilterFields) => filterNames.some((name) => fields[name] !== "");

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * The filters to query with, or what is wrong with them by field, checked with the schema the
 * server checks them with: an IP Address that is not one address, or a To before From.
 */
export function checkFilters(
  fields: FilterFields,
): { ok: true; filters: HistoryFilters } | { ok: false; problems: Partial<Record<keyof FilterFields, string>> } {
  const parsed = historyFiltersSchema.safeParse({
    username: fields.username.trim() || undefined,
    call: fields.call || undefined,
    ip: fields.ip.trim() || undefined,
    outcome: fields.outcome || undefined,
    from: toIso(fields.from),
    to: toIso(fields.to),
  });
  return parsed.success ? { ok: true, filters: parsed.data } : { ok: false, problems: fieldErrors(parsed.error.issues) };
}
