type IpSummaryProps = { count: number; any: boolean; reportOnly?: boolean };

function ListSummary({ count, any, reportOnly }: Required<IpSummaryProps>) {
  if (any)
    return (
      <span className="badge warn" title="Every address on the internet (all of IPv4, IPv6 or both) can use this key">
        Any IP
      </span>
    );
  // In Report only an empty list blocks nobody: every call is served and marked.
  if (count === 0 && reportOnly) return <span>No address</span>;
  if (count === 0)
    return (
      <span className="badge warn" title="No address can use this key until one is added">
        None — blocked
      </span>
    );
  return <span>{count === 1 ? "1 address" : `${count} addresses`}</span>;
}

/**
 * "3 addresses", or a warning when any address or no address may use the key, and "Report only"
 * when the list is not enforced. `any` comes from the server, which also sets it for ::/0,
 * 0.0.0.0/0 and ranges that add up to a whole family.
 */
export function IpSummary({ count, any, reportOnly = false }: IpSummaryProps) {
  if (!reportOnly) return <ListSummary count={count} any={any} reportOnly={false} />;
  return (
    <>
      <ListSummary count={count} any={any} reportOnly />{" "}
      <span className="badge accent" title="Calls from addresses not on the list are served and recorded as would have been refused">
        Report only
      </span>
    </>
  );
}
