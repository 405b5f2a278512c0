import { z } from "zod";

/**
 * A whole number from a query string, within [min, max], with one message for every way it can
 * be wrong: digits only, so `0x10`, `1e2`, ` 10` or an empty value are refused rather than read
 * as 16, 100, 10 or 0 (`z.coerce.number` would). A number is taken as it is, for typed callers.
 */
export const wholeNumberParam = (min: number, max: number, message: string) =>
  z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^\d{1,15}$/)
          .transform(Number),
      ],
      { message },
    )
    .pipe(z.number().int({ message }).min(min, { message }).max(max, { message }));

/**
 * A From or To of a list filter: ISO 8601 with an offset, from 1970 on. Year 1 passed, and less
 * the hour History's From reaches back it was year 0, which PostgreSQL refuses: a 500 and an
 * empty CSV in a review.
 */
export const filterDateParam = z.iso
  .datetime({ offset: true, message: "Use an ISO 8601 date-time" })
  .refine((text) => Date.parse(text) >= 0, { message: "Use a date from 1970 on" });
