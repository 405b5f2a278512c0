import ipaddr from "ipaddr.js";
import { formatGroups, hexGroups } from "./ipv6-text.ts";

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

// ipaddr.js happily reads octal, hex, short and integer IPv4 forms; we only accept the
// unambiguous dotted-decimal form, so everything is checked here before it reaches the library.
const DECIMAL_V4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const MAPPED_DOTTED = /^::ffff:([\d.]{7,15})$/i;
const V6_CHARACTERS = /^[0-9a-f:.]+$/i;
const V4_WITH_PORT = /^[\d.]+:(\d+)$/;
// The longest textual IPv6 address (six groups plus a dotted IPv4) is 45 characters;
// the cap also keeps the parsers away from hostile input.
const MAX_ADDRESS_LENGTH = 45;
// An interface name (Linux caps them at 15 characters) or a Windows interface number.
const ZONE_ID = /%[0-9a-z_.-]{1,32}$/i;

export const NOT_AN_ADDRESS = "is not an IP address, a CIDR range or a wildcard";

function strictV4(text: string): ipaddr.IPv4 | null {
  const match = DECIMAL_V4.exec(text);
  if (match === null) return null;
  const octets = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
  return octets.every((octet) => octet <= 255) ? new ipaddr.IPv4(octets) : null;
}

function strictV6(text: string): ipaddr.IPv6 | null {
  if (!V6_CHARACTERS.test(text)) return null; // also rules out zone ids and brackets
  let hex = text;
  const dot = text.indexOf(".");
  if (dot !== -1) {
    // Rewrite a trailing dotted IPv4 as two hex groups ourselves: ipaddr.js would accept
    // octal octets there and would read "::1.2.3.4" as IPv4-mapped, which it is not.
    const lastColon = text.lastIndexOf(":");
    if (lastColon === -1 || dot < lastColon) return null;
    const tail = strictV4(text.slice(lastColon + 1));
    if (tail === null) return null;
    const [a = 0, b = 0, c = 0, d = 0] = tail.octets;
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = hexGroups(hex);
  return groups === null ? null : new ipaddr.IPv6(groups);
}

/** An address as we store and show it: dotted decimal, or IPv6 in RFC 5952 form (the longest run of zero groups as "::"). */
export function addressText(address: Address): string {
  if (address instanceof ipaddr.IPv4) return address.octets.join(".");
  return formatGroups(address.parts);
}

/** The IPv4 address an IPv4-mapped one stands for (the library's own conversion walks its table of special ranges). */
export function mappedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const high = address.parts[6] ?? 0;
  const low = address.parts[7] ?? 0;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * Strictly parses one address without folding IPv4-mapped IPv6 into IPv4. An IPv6 zone id
 * ("fe80::1%eth0", as Node reports link-local peers) is dropped: it names an interface of this
 * machine, not part of the address, so rules for fe80::/10 must match with or without it.
 */
export function parseRawAddress(text: string): Address | null {
  if (!text.includes(":")) return text.length > MAX_ADDRESS_LENGTH ? null : strictV4(text);
  if (text.length > MAX_ADDRESS_LENGTH + 33) return null; // the longest address with the longest zone id
  const zone = ZONE_ID.exec(text);
  const address = zone === null ? text : text.slice(0, zone.index);
  return address.length > MAX_ADDRESS_LENGTH ? null : strictV6(address);
}

export function isMapped(address: Address): address is ipaddr.IPv6 {
  // Same test as the library's isIPv4MappedAddress(), which walks its whole table of special
  // ranges; this runs for every IPv6 request.
  if (!(address instanceof ipaddr.IPv6)) return false;
  const [a, b, c, d, e, f] = address.parts;
  return a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff;
}

/** Strictly parses one address; an IPv4-mapped IPv6 address comes back as plain IPv4. */
export function parseAddress(text: string): Address | null {
  // Dual-stack sockets report every IPv4 peer in this form, so it skips the general IPv6 parser.
  const mapped = MAPPED_DOTTED.exec(text);
  if (mapped !== null) return strictV4(mapped[1] ?? "");
  const address = parseRawAddress(text);
  if (address !== null && isMapped(address)) return mappedIpv4(address);
  return address;
}

/** Says what is wrong with dotted or numeric text that was meant as an IPv4 address. */
export function ipv4Problem(text: string): string {
  const parts = text.split(".");
  if (parts.some((part) => /^0x/i.test(part))) {
    return "uses hexadecimal; write each part as a decimal number from 0 to 255, like 127.0.0.1";
  }
  if (parts.some((part) => !/^\d+$/.test(part))) {
    return parts.includes("") && parts.every((part) => /^\d*$/.test(part))
      ? "has an empty part; an IPv4 address is four numbers separated by dots, like 192.0.2.10"
      : NOT_AN_ADDRESS;
  }
  if (parts.length === 1) {
    return "is an address written as one number; write it as four numbers separated by dots, like 127.0.0.1";
  }
  if (parts.length < 4) return "is a shortened address; write all four parts, like 127.0.0.1";
  if (parts.length > 4) return `has ${parts.length} parts, but an IPv4 address has exactly four`;
  const zero = parts.find((part) => part.length > 1 && part.startsWith("0"));
  if (zero !== undefined) {
    return `has a leading zero in "${zero}", which some software reads as an octal number; write each part without leading zeros`;
  }
  const large = parts.find((part) => Number(part) > 255);
  if (large !== undefined) return `has "${large}", but each part must be a number from 0 to 255`;
  return NOT_AN_ADDRESS;
}

/** Says what is wrong with text that parseAddress rejected, as a phrase to follow the quoted text. */
export function addressProblem(text: string): string {
  if (text.length > MAX_ADDRESS_LENGTH) return "is too long to be an IP address";
  if (text.includes("%")) {
    return text.includes(":")
      ? "has a zone id (the part from %) that is not an interface name or number; remove it, because a zone id only means something on one machine"
      : "has a zone id (the part from %), but only IPv6 addresses have one; remove it";
  }
  if (text.startsWith("[")) return "has square brackets; enter the address without them";
  const port = V4_WITH_PORT.exec(text);
  if (port !== null) return `includes a port; enter the address without ":${port[1]}"`;
  if (text.includes(":")) {
    const tail = text.slice(text.lastIndexOf(":") + 1);
    if (tail.includes(".") && /^[\d.]+$/.test(tail) && strictV4(tail) === null) {
      return `is not a valid IPv6 address: its IPv4 part ${ipv4Problem(tail)}`;
    }
    return "is not a valid IPv6 address";
  }
  if (/^\d[0-9a-fx.]*$/i.test(text)) return ipv4Problem(text);
  return NOT_AN_ADDRESS;
}
