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
