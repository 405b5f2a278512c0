/** Filters as URL query parameters, leaving out what is not set. */
export const queryParams = (query: object): Record<string, string> =>
  Object.fromEntries(Object.entries(query).flatMap(([name, value]) => (value === undefined || value === "" ? [] : [[name, String(value)]])));
