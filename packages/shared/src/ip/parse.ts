import { addressProblem, addressText, parseAddress } from "./address.ts";
import { parseCidr } from "./cidr.ts";
import { type ParsedIpRule, ruleError } from "./rule.ts";
import { parseWildcard } from "./wildcard.ts";

export type { IpRule, ParsedIpRule } from "./rule.ts";

// Generous for any real entry (the longest IPv6 CIDR is 49 characters) while keeping
// pasted junk out of the error message.
const MAX_ENTRY_LENGTH = 64;

/** Parses one allow-list entry into its normalised rule, or a message an admin can act on. */
export function parseIpRule(input: string): ParsedIpRule {
  const text = input.trim();
  if (text === "") return ruleError("Enter an IP address, a range or *");
  if (text === "*") return { ok: true, rule: { kind: "any", text: "*" } };
  if (text.length > MAX_ENTRY_LENGTH) return ruleError("This is too long to be an IP address, a range or a wildcard");
  if (text.includes("*")) return parseWildcard(text);
  if (text.includes("/")) return parseCidr(text);
  const address = parseAddress(text);
  if (address === null) return ruleError(`"${text}" ${addressProblem(text)}`);
  const family = address.kind() === "ipv4" ? 4 : 6;
  return { ok: true, rule: { kind: "address", family, text: addressText(address) } };
}

/**
 * A client address (socket or header value, already without port) in canonical form:
 * IPv4-mapped → IPv4, IPv6 → RFC 5952. null when it is not a valid address.
 * Surrounding whitespace is not trimmed: callers decide what they accept.
 */
export function normalizeAddress(input: string): string | null {
  const address = parseAddress(input);
  return address === null ? null : addressText(address);
}
