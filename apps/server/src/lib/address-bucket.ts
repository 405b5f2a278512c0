/**
 * The unit that failures are counted in: an IPv4 address, or the /64 an IPv6 address is in.
 * One customer line or cloud host gets a whole /64, so counting single IPv6 addresses would let
 * one client rotate through 2^64 of them and never be throttled.
 */
export function addressBucket(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head = "", tail] = ip.split("::", 2);
  const front = head === "" ? [] : head.split(":");
  const back = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(8 - front.length - back.length, 0)).fill("0"), ...back];
  const prefix = groups.slice(0, 4).map((group) => (Number.parseInt(group, 16) || 0).toString(16));
  return `${prefix.join(":")}::/64`;
}
