import { addressProblem, parseAddress } from "./address.ts";
import { normalizeAddress } from "./parse.ts";

/**
 * The whole address space an address is in, written as a network: what a flood's refusals are
 * recorded under (in History and the audit log) once there are too many a minute to keep them
 * apart by address.
 */
export const anyAddressOf = (ip: string) => (ip.includes(":") ? "::/0" : "0.0.0.0/0");

/** Whether a recorded address is `anyAddressOf` one: many addresses, none to allow. */
export const isAnyAddress = (text: string) => text === "0.0.0.0/0" || text === "::/0";

/**
 * `0.0.0.0/0` or `::/0` as History writes them, however the filter was typed (`0::0/0`,
 * `0:0:0:0:0:0:0:0/0`): null for anything else.
 */
export function anyAddressWritten(input: string): string | null {
  const text = input.trim();
  if (!text.endsWith("/0")) return null;
  const address = normalizeAddress(text.slice(0, -2));
  return address === "::" ? "::/0" : address === "0.0.0.0" ? "0.0.0.0/0" : null;
}

/**
 * The address of an IPv6 /64 written as such (`2001:db8:1:2::/64`): a throttled IPv6 client's
 * calls are recorded under its /64. Null for anything else.
 */
export function ipv6NetworkAddress(input: string): string | null {
  const text = input.trim();
  if (!text.endsWith("/64")) return null;
  const address = text.slice(0, -3);
  return parseAddress(address)?.kind() === "ipv6" ? address : null;
}

/**
 * What is wrong with text meant as the History and Activity IP filter, or null when it is one
 * address or a network History records rows under (an IPv6 /64, 0.0.0.0/0, ::/0). Rows are
 * found by their exact (normalised) address on an index, so any other range or a wildcard is
 * refused by name rather than finding nothing.
 */
export function addressFilterProblem(input: string): string | null {
  const text = input.trim();
  if (anyAddressWritten(text) !== null || ipv6NetworkAddress(text) !== null) return null;
  if (text.includes("/") || text.includes("*")) {
    return "The IP filter takes one address, like 192.0.2.10, not a range or a wildcard; of networks only an IPv6 /64, 0.0.0.0/0 and ::/0, as History records floods";
  }
  return parseAddress(text) === null ? `"${text}" ${addressProblem(text)}` : null;
}
