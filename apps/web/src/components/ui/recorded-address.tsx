import { isAnyAddress } from "@gatehouse/shared";

/**
 * An address as history and the audit log record it. Past the first 100 refusals of a minute, a
 * flood's calls are recorded as from `0.0.0.0/0` or `::/0`: the row says what that means.
 */
export function RecordedAddress({ ip }: { ip: string }) {
  if (!isAnyAddress(ip)) return ip;
  return (
    <>
      {ip} <span className="hint">many addresses</span>
    </>
  );
}
