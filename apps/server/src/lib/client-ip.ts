import { compileIpMatcher, ipCoverage, type IpMatcher, isPrivateAddress, normalizeAddress, openFamilies, parseIpRule } from "@gatehouse/shared";
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";

/** The address of the TCP peer, in its plain form (IPv4-mapped IPv6 becomes IPv4, a zone id like %eth0 is dropped). */
export function socketAddress(c: Context<AppEnv>): string {
  const raw = c.env?.incoming?.socket?.remoteAddress ?? "";
  return normalizeAddress(raw) ?? (raw || "unknown");
}

/**
 * The TCP peer of a connection, whether it is a trusted proxy, and whether it is a loopback or
 * private address that is not (a proxy nobody named, if it forwards): worked out once per
 * connection, not per request.
 */
export type Peer = { address: string; trusted: boolean; untrustedPrivate: boolean };
const peers = new WeakMap<object, Peer>();

export function peerOf(c: Context<AppEnv>, trustedProxies: IpMatcher): Peer {
  const socket = c.env?.incoming?.socket;
  let peer = socket && peers.get(socket);
  if (!peer) {
    const address = socketAddress(c);
    const trusted = trustedProxies.allows(address);
    peer = { address, trusted, untrustedPrivate: !trusted && isPrivateAddress(address) };
    if (socket) peers.set(socket, peer);
  }
  return peer;
}

// Longer than any address with brackets, port and quotes; anything longer is not one.
const MAX_ELEMENT_LENGTH = 64;

function isPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535;
}

/** One X-Forwarded-For element as a normalised address, or null when it is anything else. */
function forwardedAddress(element: string): string | null {
  let text = element.trim();
  if (text.length > MAX_ELEMENT_LENGTH) return null;
  const quote = text[0];
  if ((quote === '"' || quote === "'") && text.length >= 2 && text.endsWith(quote)) text = text.slice(1, -1).trim();
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) return null;
    const port = text.slice(close + 1);
    if (port !== "" && !(port.startsWith(":") && isPort(port.slice(1)))) return null;
    text = text.slice(1, close);
  } else {
    // A single colon can only be IPv4 with a port: bare IPv6 always has at least two.
    const colon = text.indexOf(":");
    if (colon !== -1 && colon === text.lastIndexOf(":")) {
      if (!isPort(text.slice(colon + 1))) return null;
      text = text.slice(0, colon);
    }
  }
  return normalizeAddress(text);
}

/**
 * The client address for a request: the socket peer, unless the peer is a trusted proxy; then the
 * right-most X-Forwarded-For entry that is not a trusted proxy.
 *
 * Only the hops we trust can vouch for the hop before them, so the walk goes right to left and
 * stops at the first address we do not trust. A malformed element also stops it, and the answer
 * is then the trusted proxy that passed it on: everything left of it may be client-written.
 */
export function resolveClientIp(socketPeer: string, forwardedFor: string | undefined, trustedProxies: IpMatcher): string {
  const peer = normalizeAddress(socketPeer);
  if (peer === null) return socketPeer || "unknown";
  if (forwardedFor === undefined || !trustedProxies.allows(peer)) return peer;

  let lastTrusted = peer;
  // Walk the elements from the right without splitting: the header may be huge.
  let end = forwardedFor.length;
  for (;;) {
    const start = end > 0 ? forwardedFor.lastIndexOf(",", end - 1) : -1;
    const address = forwardedAddress(forwardedFor.slice(start + 1, end));
    if (address === null) return lastTrusted;
    if (!trustedProxies.allows(address)) return address;
    lastTrusted = address;
    if (start === -1) return lastTrusted; // every element was a trusted proxy: the left-most is the best we know
    end = start;
  }
}

function trustedProxyProblem(entry: string): string | null {
  if (entry === "*") return "TRUSTED_PROXIES cannot be * — that would let any client choose its own address";
  const parsed = parseIpRule(entry);
  if (!parsed.ok) return `TRUSTED_PROXIES: ${parsed.error}`;
  const { rule } = parsed;
  if (rule.kind === "wildcard") {
    const stars = rule.text.split("*").length - 1;
    const cidr = `${rule.text.replaceAll("*", "0")}/${32 - 8 * stars}`;
    return `TRUSTED_PROXIES: "${entry}" is a wildcard; write it as the range ${cidr}`;
  }
  if (rule.kind === "cidr" && rule.text.endsWith("/0")) {
    return `TRUSTED_PROXIES cannot be ${rule.text} — that would let any client choose its own address`;
  }
  return null;
}

/**
 * Ranges that together hold a whole family (0.0.0.0/1 and 128.0.0.0/1, or ::/64, which holds
 * every IPv4-mapped address) trust every client of that family to write its own address:
 * as bad as *, even if the other family is left out.
 */
function familyWideProblem(entries: readonly string[]): string | null {
  const family = openFamilies(ipCoverage(entries));
  if (family === null) return null;
  return `TRUSTED_PROXIES together cover every ${family} address — that would let any client choose its own address`;
}

/**
 * Parses TRUSTED_PROXIES: a comma-separated list of IP addresses and CIDR ranges. Empty means no
 * proxy is trusted. On an error the matcher trusts nobody, so a typo cannot open a spoofing hole.
 */
export function parseTrustedProxies(value: string): { matcher: IpMatcher; error: string | null } {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const problems = entries.map(trustedProxyProblem).filter((problem) => problem !== null);
  if (problems.length > 0) return { matcher: compileIpMatcher([]), error: problems.join("; ") };
  const problem = familyWideProblem(entries);
  if (problem !== null) return { matcher: compileIpMatcher([]), error: problem };
  return { matcher: compileIpMatcher(entries), error: null };
}
