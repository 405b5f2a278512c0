import { type AllowAddressResult, isPrivateAddress, type HistoryRow } from "@gatehouse/shared";
import { Dialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useAllowAddress } from "../api/allow-address.ts";

type AllowProps = { row: HistoryRow | null; onClose: () => void };

// The address check is one of several: a disabled or expired key stays refused from anywhere.
const stops = {
  disabled: { state: "is disabled", until: "it is enabled again" },
  expired: { state: "has expired", until: "its expiry is moved or removed" },
} as const;

const stillRefused = (reasons: AllowAddressResult["keyStoppedBy"]) =>
  `but the key ${reasons.map((reason) => stops[reason].state).join(" and ")}: its calls stay refused until ${reasons.map((reason) => stops[reason].until).join(" and ")}`;

/**
 * Granting an address access is never one stray click: this names the key and the address, what
 * the history knows about the caller, and that an unknown address may be someone with a stolen key.
 */
export function AllowAddressDialog({ row, onClose }: AllowProps) {
  const allow = useAllowAddress();
  const ip = row?.ip ?? "";
  const username = row?.username ?? "";
  const confirm = () => {
    if (!row) return;
    allow.mutate(row.id, {
      onSuccess: (answer) => {
        if (answer.keyStoppedBy.length > 0) toast.warning(`${answer.ip} is allowed for ${answer.username}, ${stillRefused(answer.keyStoppedBy)}`);
        else if (answer.result === "added") toast.success(`${answer.ip} can now use ${answer.username}`);
        else toast.info(`${answer.ip} is already allowed for ${answer.username}${answer.coveredBy !== answer.ip ? ` (by ${answer.coveredBy})` : ""}`);
        onClose();
      },
      onError: (error) => toast.error(error.message),
    });
  };
  return (
    <Dialog
      open={row !== null}
      onOpenChange={(open) => !open && onClose()}
      title={`Allow ${ip} to use ${username}?`}
      description={
        <>
          Calls from <strong>{ip}</strong> with the key of <strong>{username}</strong> will no longer be refused for their address. Allow it only if this is one
          of your integration&apos;s servers: an address you do not recognise may be someone trying a stolen key.
        </>
      }
    >
      {row ? (
        <p className="hint">
          {row.outcome === "ip_not_listed" ? "Served in Report only, would have been refused" : "Refused"}{" "}
          {row.count === 1 ? "once" : `${row.count.toLocaleString()} times`}, last on {formatDateTime(row.updatedAt)}
          {row.userAgent ? (
            <>
              , by <code>{row.userAgent}</code>
            </>
          ) : null}
          .
        </p>
      ) : null}
      {row && isPrivateAddress(ip) ? (
        <div className="banner warn" role="note">
          <p>
            {ip} is a private address. If Gatehouse runs behind a reverse proxy, it may be the proxy&apos;s, and allowing it would let every client behind the
            proxy in.
          </p>
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={allow.isPending} onClick={confirm}>
          {allow.isPending ? "Allowing…" : `Allow ${ip}`}
        </button>
      </div>
    </Dialog>
  );
}
