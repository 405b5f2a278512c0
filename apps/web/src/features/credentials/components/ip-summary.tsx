/**
 * "3 addresses", or a warning when any address or no address may use the key. `any` comes from
 * the server, which also sets it for ::/0, 0.0.0.0/0 and ranges that add up to a whole family.
 */
export function IpSummary({ count, any }: { count: number; any: boolean }) {
  if (any)
    return (
      <span className="badge warn" title="Every address on the internet (all of IPv4, IPv6 or both) can use this key">
        Any IP
      </span>
    );
  if (count === 0)
    return (
      <span className="badge warn" title="No address can use this key until one is added">
        None — blocked
      </span>
    );
  return <span>{count === 1 ? "1 address" : `${count} addresses`}</span>;
}
