import ipaddr from "ipaddr.js";
import { type Address, parseAddress } from "./address.ts";
import type { IpRule } from "./rule.ts";

/** An IPv6 address as four big-endian 32-bit words, so comparisons stay in plain numbers. */
export type Words = readonly [number, number, number, number];

export type Value = { family: 4; value: number } | { family: 6; words: Words };

export type Range =
  { family: "any" } | { family: 4; network: number; mask: number; prefix: number } | { family: 6; network: Words; mask: Words; prefix: number };

// ::ffff:0.0.0.0 — an IPv6 range holding it (with a prefix of 96 or less) holds every IPv4 address.
const MAPPED_SPACE: Words = [0, 0, 0xffff, 0];

function uint32(bytes: readonly number[], at: number): number {
  return (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;
}

function words(bytes: readonly number[]): Words {
  return [uint32(bytes, 0), uint32(bytes, 4), uint32(bytes, 8), uint32(bytes, 12)];
}

export function valueOf(address: Address): Value {
  const bytes = address.toByteArray();
  return address instanceof ipaddr.IPv4 ? { family: 4, value: uint32(bytes, 0) } : { family: 6, words: words(bytes) };
}

/** Parses a client address (any textual form) into numbers; null when it is not a valid address. */
export function parseValue(text: string): Value | null {
  const address = parseAddress(text);
  return address === null ? null : valueOf(address);
}

/** The mask of one 32-bit word holding `bits` bits of the prefix (0 to 32; a shift by 32 would be a no-op). */
const wordMask = (bits: number): number => (bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (-1 << (32 - bits)) >>> 0);

function rangeOf(network: Address, prefix: number): Range {
  if (network instanceof ipaddr.IPv4) return { family: 4, network: uint32(network.octets, 0), mask: wordMask(prefix), prefix };
  const mask: Words = [wordMask(prefix), wordMask(prefix - 32), wordMask(prefix - 64), wordMask(prefix - 96)];
  return { family: 6, network: words(network.toByteArray()), mask, prefix };
}

/** The addresses a (valid, normalised) rule stands for; a wildcard is its equivalent CIDR range. */
export function rangeOfRule(rule: IpRule): Range {
  if (rule.kind === "any") return { family: "any" };
  let addressText = rule.text;
  let prefix = rule.family === 4 ? 32 : 128;
  if (rule.kind === "wildcard") {
    const stars = rule.text.split("*").length - 1;
    addressText = rule.text.replaceAll("*", "0");
    prefix = 32 - 8 * stars;
  } else if (rule.kind === "cidr") {
    const slash = rule.text.indexOf("/");
    addressText = rule.text.slice(0, slash);
    prefix = Number(rule.text.slice(slash + 1));
  }
  const network = parseAddress(addressText);
  if (network === null) throw new Error(`Not a normalised IP rule: ${rule.text}`);
  return rangeOf(network, prefix);
}

export function containsV4(range: { network: number; mask: number }, value: number): boolean {
  return (value & range.mask) >>> 0 === range.network;
}

export function containsV6(range: { network: Words; mask: Words }, value: Words): boolean {
  const { network, mask } = range;
  return (
    (value[0] & mask[0]) >>> 0 === network[0] &&
    (value[1] & mask[1]) >>> 0 === network[1] &&
    (value[2] & mask[2]) >>> 0 === network[2] &&
    (value[3] & mask[3]) >>> 0 === network[3]
  );
}

/** IPv4 addresses are the IPv4-mapped IPv6 addresses too, so a wide IPv6 range can hold all of them. */
export function holdsAllIpv4(range: Range): boolean {
  return range.family === 6 && range.prefix <= 96 && containsV6(range, MAPPED_SPACE);
}

/** One text per set of addresses: two rules with the same key allow exactly the same addresses. */
export const rangeKey = (range: Range): string =>
  range.family === "any" ? "*" : range.family === 4 ? `${range.network}/${range.prefix}` : `${range.network.join(":")}/${range.prefix}`;
