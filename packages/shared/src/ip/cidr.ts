import ipaddr from "ipaddr.js";
import { type Address, addressProblem, addressText, isMapped, mappedIpv4, NOT_AN_ADDRESS, parseRawAddress } from "./address.ts";
import { type ParsedIpRule, ruleError } from "./rule.ts";

/** The first address of the range: the address with every bit after the prefix cleared. */
function networkOf(address: Address, prefix: number): Address {
  const bytes = address.toByteArray();
  for (let at = 0; at < bytes.length; at++) bytes[at] = (bytes[at] ?? 0) & (0xff00 >> Math.min(8, Math.max(0, prefix - 8 * at))) & 0xff;
  return address instanceof ipaddr.IPv4 ? new ipaddr.IPv4(bytes) : new ipaddr.IPv6(bytes);
}

/** Shows a range the way we store it: ranges inside the IPv4-mapped space become IPv4 ranges. */
function cidrText(network: Address, prefix: number): { family: 4 | 6; text: string } {
  if (isMapped(network) && prefix >= 96) return { family: 4, text: `${addressText(mappedIpv4(network))}/${prefix - 96}` };
  return { family: network instanceof ipaddr.IPv4 ? 4 : 6, text: `${addressText(network)}/${prefix}` };
}

function prefixProblem(prefixText: string, max: number, family: string): string | null {
  if (prefixText === "") return `is missing the prefix length after /, like /${max === 32 ? 24 : 64}`;
  if (!/^\d+$/.test(prefixText)) return "has a prefix length that is not a number";
  if (prefixText.length > 1 && prefixText.startsWith("0")) {
    return `has a leading zero in the prefix length; write /${prefixText.replace(/^0+(?=\d)/, "")}`;
  }
  if (Number(prefixText) > max) return `has the prefix length /${prefixText}, but ${family} ranges go from /0 to /${max}`;
  return null;
}

/** Parses "address/prefix" for either family; the caller has checked there is a slash. */
export function parseCidr(text: string): ParsedIpRule {
  const slash = text.indexOf("/");
  const addressPart = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (addressPart === "") return ruleError(`"${text}" is missing the address before /`);
  if (prefixText.includes("/")) return ruleError(`"${text}" ${NOT_AN_ADDRESS}`);
  const address = parseRawAddress(addressPart);
  if (address === null) return ruleError(`"${text}" ${addressProblem(addressPart)}`);

  const isV4 = address instanceof ipaddr.IPv4;
  const problem = prefixProblem(prefixText, isV4 ? 32 : 128, isV4 ? "IPv4" : "IPv6");
  if (problem !== null) return ruleError(`"${text}" ${problem}`);

  const prefix = Number(prefixText);
  const network = networkOf(address, prefix);
  const normalised = cidrText(network, prefix);
  if (addressText(network) !== addressText(address)) {
    const single = addressText(isMapped(address) ? mappedIpv4(address) : address);
    return ruleError(`"${text}" is not the start of a range; did you mean ${normalised.text}? To allow only one address, enter ${single}`);
  }
  return { ok: true, rule: { kind: "cidr", ...normalised } };
}
