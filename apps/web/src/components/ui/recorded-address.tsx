import { isAnyAddress } from "@gatehouse/shared";

/**
 * An address as history and the audit log record it. Past the first 100 refusals of a minute, a
 * flood's calls are recorded as from `0.0.0.0/0` or `::/0`: the row says what that means.
 */
export function RecordedAddress({ ip }: { ip: string }) {
  if (!isAnyAddress(ip)) return ip.includes(":") ? <BreakableAddress ip={ip} /> : ip;
  return (
    <>
      {ip} <span className="hint">many addresses</span>
    </>
  );
}

/**
 * An IPv6 address that may wrap only after a colon, where a reader expects the break
 * (`2001:db8:aaaa:` / `cccc::1`), not inside a group (`2001:db` / `8:7:7::`).
 */
function BreakableAddress({ ip }: { ip: string }) {
  const parts = ip.split(":");
  return parts.map((part, at) =>
    at < parts.length - 1 ? (
      <span key={at}>
        {part}:<wbr />
      </span>
    ) : (
      <span key={at}>{part}</span>
    ),
  );
}
