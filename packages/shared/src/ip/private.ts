import { compileIpMatcher } from "./matcher.ts";

// Loopback, RFC 1918 and RFC 4193 private, link-local and carrier-grade NAT ranges.
const privateRanges = compileIpMatcher([
  "127.0.0.0/8",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
  "::1",
  "fc00::/7",
  "fe80::/10",
]);

/**
 * Whether an address is loopback or private: where a reverse proxy on the same host or network
 * connects from, and never a client out on the internet.
 */
export const isPrivateAddress = (address: string): boolean => privateRanges.allows(address);
