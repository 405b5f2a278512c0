import { addressProblem, parseAddress } from "./address.ts";

/**
 * What is wrong with text meant as the History and Activity IP filter, or null when it is one
 * address. Rows are found by their exact (normalised) address on an index, so a range or a
 * wildcard is refused by name rather than finding nothing.
 */
export function addressFilterProblem(input: string): string | null {
  const text = input.trim();
  if (text.includes("/") || text.includes("*")) return "The IP filter takes one address, like 192.0.2.10, not a range or a wildcard";
  return parseAddress(text) === null ? `"${text}" ${addressProblem(text)}` : null;
}
