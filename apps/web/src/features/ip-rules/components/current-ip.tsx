import { useId } from "react";
import { useSession } from "@/lib/session.ts";

type CurrentIpProps = { currentIp: string; valid: boolean; alreadyListed: boolean; readOnly: boolean; onAdd: () => void };

/**
 * "Your current IP is …" and Add current IP, unless that address is most likely a reverse
 * proxy's (the server says so): behind a proxy missing from TRUSTED_PROXIES every client has the
 * proxy's address, and adding it would let all of them use the key.
 */
export function CurrentIp({ currentIp, valid, alreadyListed, readOnly, onAdd }: CurrentIpProps) {
  const { currentIpIsProxy } = useSession();
  const warningId = useId();
  return (
    <>
      <p className="current-ip">
        <span>
          Your current IP is <code>{currentIp}</code>
        </span>
        {readOnly ? null : (
          <button
            type="button"
            className="button small"
            disabled={alreadyListed || !valid || currentIpIsProxy}
            aria-describedby={currentIpIsProxy ? warningId : undefined}
            onClick={onAdd}
          >
            Add current IP
          </button>
        )}
        {alreadyListed ? <span className="hint">It is already in the list.</span> : null}
      </p>
      {currentIpIsProxy ? (
        <div className="banner warn" role="status" id={warningId}>
          <p>
            <strong>This looks like your proxy&apos;s address — set TRUSTED_PROXIES.</strong> Requests reach Gatehouse through a reverse proxy it does not
            trust, so every client behind the proxy appears as {currentIp}, and allowing it would let all of them use this key. Set <code>TRUSTED_PROXIES</code>{" "}
            to the proxy&apos;s address (here <code>TRUSTED_PROXIES={currentIp}</code>) and restart Gatehouse; this will then show your own address.
          </p>
        </div>
      ) : null}
    </>
  );
}
