import { ipv4Problem, parseAddress } from "./address.ts";
import { type ParsedIpRule, ruleError } from "./rule.ts";

/** Parses an IPv4 pattern whose trailing parts are "*", like 10.1.*.*; the caller has checked there is a "*". */
export function parseWildcard(text: string): ParsedIpRule {
  const fail = (problem: string): ParsedIpRule => ruleError(`"${text}" ${problem}`);
  if (text.includes(":")) return fail("uses *, which only works for IPv4; for IPv6 use a range like 2001:db8::/32");
  if (text.includes("/")) return fail("mixes * and a prefix length; use one or the other, like 10.1.*.* or 10.1.0.0/16");
  const parts = text.split(".");
  if (parts.some((part) => part.includes("*") && part !== "*")) {
    return fail("has * inside a number; a * must replace a whole part, like 10.1.*.*");
  }
  if (parts.length !== 4) return fail("needs all four parts, like 10.1.*.*");
  if (parts.every((part) => part === "*")) return fail("matches every IPv4 address; use * on its own to allow any address");

  const firstStar = parts.indexOf("*");
  if (parts.slice(firstStar).some((part) => part !== "*")) {
    return fail("has * before a number; only the last parts can be *, like 10.*.*.* (or use a CIDR range)");
  }
  const fixed = parts.slice(0, firstStar);
  const lowest = [...fixed, ...parts.slice(firstStar).map(() => "0")].join(".");
  if (parseAddress(lowest) === null) return fail(ipv4Problem(lowest));
  return { ok: true, rule: { kind: "wildcard", family: 4, text } };
}
