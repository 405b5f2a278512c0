import { z } from "zod";
import { addressFilterProblem } from "../ip/filter.ts";
import { filterDateParam, wholeNumberParam } from "./query.ts";
import { apiCalls, apiOutcomes, type ApiCall, type ApiOutcome, cursorSchema } from "./integration.ts";

// An empty filter is a mistake to name, not zod's "Too small: expected string to have >=1 characters".
const historyFilterFields = z.object({
  credentialId: z.string().min(1, { message: "Choose an API, or leave the filter out" }).max(64).optional(),
  /** Activity page: a whole API Username (live, deleted or never existing), matched ignoring case, not a part of one. */
  username: z
    .string()
    .trim()
    .min(1, { message: "Type an API Username, or leave the filter out" })
    .max(20, { message: "An API Username is at most 20 characters" })
    .optional(),
  call: z.enum(apiCalls, { message: "Unknown call" }).optional(),
  ip: z
    .string()
    .trim()
    .min(1, { message: "Type an address, or leave the filter out" })
    .max(64, { message: "Too long for an address" })
    .superRefine((ip, ctx) => {
      const problem = addressFilterProblem(ip);
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  outcome: z.enum(apiOutcomes, { message: "Unknown outcome" }).optional(),
  from: filterDateParam.optional(),
  to: filterDateParam.optional(),
});

/** A range that ends before it starts finds nothing: say so instead (on To, the field set last). */
const fromNotAfterTo = <Schema extends z.ZodType<{ from?: string | undefined; to?: string | undefined }>>(schema: Schema) =>
  schema.refine((filters) => filters.from === undefined || filters.to === undefined || Date.parse(filters.from) <= Date.parse(filters.to), {
    message: "To must be on or after From",
    path: ["to"],
  });

export const historyFiltersSchema = fromNotAfterTo(historyFilterFields);
export type HistoryFilters = z.infer<typeof historyFiltersSchema>;

export const historyQuerySchema = fromNotAfterTo(
  historyFilterFields.extend({
    cursor: cursorSchema.optional(),
    limit: wholeNumberParam(1, 200, "Limit must be a whole number from 1 to 200").default(50),
  }),
);
export type HistoryQuery = z.input<typeof historyQuerySchema>;

export const chartRanges = {
  "24h": { spanMs: 86_400_000, bucketMs: 3_600_000 },
  "7d": { spanMs: 604_800_000, bucketMs: 21_600_000 },
  "30d": { spanMs: 2_592_000_000, bucketMs: 86_400_000 },
} as const;
export type ChartRange = keyof typeof chartRanges;
export const chartQuerySchema = z.object({
  credentialId: z.string().min(1).max(64).optional(),
  range: z.enum(Object.keys(chartRanges) as [ChartRange, ...ChartRange[]], { message: "Range is 24h, 7d or 30d" }).default("24h"),
});

export type HistoryRow = {
  id: number;
  credentialId: string | null;
  /** The credential's username, or the username that was tried when it matched none. */
  username: string | null;
  credentialDeleted: boolean;
  call: ApiCall;
  ip: string;
  outcome: ApiOutcome;
  status: number;
  userAgent: string;
  /** The request id (X-Request-Id, and request_id in error bodies) of the last call of the row. */
  lastRequestId: string | null;
  count: number;
  createdAt: string;
  updatedAt: string;
  /** Whether the row's live credential allows the row's address today ("Allow this IP" done, or covered since). */
  allowedNow: boolean;
};

export type HistoryPage = { items: HistoryRow[]; nextCursor: string | null };

/** What "Allow this IP" did: added the address, or found it already allowed (by itself or a range). */
export type AllowAddressResult = {
  result: "added" | "already_allowed";
  ip: string;
  credentialId: string;
  username: string;
  /** The entry that allowed it already, when result is already_allowed. */
  coveredBy: string | null;
  /** Why the key's calls are refused from any address even so; empty when it works. */
  keyStoppedBy: ("disabled" | "expired")[];
};

export type HistoryChart = {
  range: ChartRange;
  bucketMs: number;
  buckets: { at: string; counts: Partial<Record<ApiOutcome, number>> }[];
};

export type ActivitySummary = {
  calls24h: number;
  denied24h: number;
  topDeniedIps: { ip: string; calls: number }[];
  /** The ten longest unused; `unusedCount` says how many there are in all. */
  unusedCredentials: { id: string; username: string; lastUsedAt: string | null; createdAt: string }[];
  unusedCount: number;
  /** Keys whose expiry falls within the next 14 days, soonest first. */
  expiringCredentials: { id: string; username: string; expiresAt: string }[];
  expiringCount: number;
  /** Keys that have never made a call, oldest first: a key nobody uses is a key nobody watches. */
  neverUsedCredentials: { id: string; username: string; createdAt: string }[];
  neverUsedCount: number;
};

/** Outcomes of calls that were served: ok, and ip_not_listed (Report only lets them through). */
export const servedOutcomes: readonly ApiOutcome[] = ["ok", "ip_not_listed"];

/** Outcomes that mean the call was refused, for "denied" counts and charts. */
export const deniedOutcomes: readonly ApiOutcome[] = apiOutcomes.filter((outcome) => !servedOutcomes.includes(outcome) && outcome !== "error");
