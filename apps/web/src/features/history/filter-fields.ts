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
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * Whether `value` is a time a datetime-local field can show. The browser's Date would read
 * 2026-02-31 as 3 March and 24:00 as the next day: the field would stay empty while the rows
 * were filtered from a date nobody typed.
 */
function isRealLocalDateTime(value: string): boolean {
  const parts = LOCAL_DATE_TIME.exec(value);
  if (parts === null) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}
const localDateTime = z.string().refine(isRealLocalDateTime);

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
