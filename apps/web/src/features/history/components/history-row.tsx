import { type HistoryRow as Row, normalizeAddress } from "@gatehouse/shared";
import { useState } from "react";
import { Link } from "react-router";
import { RecordedAddress } from "@/components/ui/recorded-address.tsx";
import { paths } from "@/lib/paths.ts";
import { HistoryDetail } from "./history-detail.tsx";
import { OutcomeBadge } from "./outcome-badge.tsx";

type RowProps = { row: Row; showCredential: boolean; canAllow: boolean; columns: number; onAllow: (row: Row) => void };

// The day over the time, the year only when it is not this one: narrow enough that a row of
// Activity fits 1280 px without wrapping into three lines.
const thisYear = new Date().getFullYear();
const sameYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const otherYear = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", second: "2-digit" });

function When({ iso }: { iso: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso}>
      <span>{(date.getFullYear() === thisYear ? sameYear : otherYear).format(date)}</span> <span>{time.format(date)}</span>
    </time>
  );
}

function Credential({ row }: { row: Row }) {
  if (!row.credentialId) return <span className="hint">{row.username ? `${row.username} (unknown)` : "unknown"}</span>;
  if (row.credentialDeleted) return <span className="hint">{row.username} (deleted)</span>;
  return <Link to={paths.api(row.credentialId)}>{row.username}</Link>;
}

/**
 * A refused address (or, in Report only, one that would have been) is either allowed by now, or
 * can be allowed (after a confirmation) by an editor.
 */
function AllowAction({ row, canAllow, onAllow }: Pick<RowProps, "row" | "canAllow" | "onAllow">) {
  if ((row.outcome !== "ip_not_allowed" && row.outcome !== "ip_not_listed") || row.credentialId === null || row.credentialDeleted) return null;
  // A flood folded from many addresses (`0.0.0.0/0`) is no address to allow.
  if (normalizeAddress(row.ip) === null) return null;
  if (row.allowedNow) return <span className="badge ok">Allowed</span>;
  if (!canAllow) return null;
  return (
    <button type="button" className="button small" onClick={() => onAllow(row)}>
      Allow this IP
    </button>
  );
}

export function HistoryRow({ row, showCredential, canAllow, columns, onAllow }: RowProps) {
  const [open, setOpen] = useState(false);
  const detailId = `history-row-${row.id}`;
  return (
    <>
      <tr className={open ? "history-row open" : "history-row"}>
        <td className="row-toggle">
          <button
            type="button"
            className="disclosure"
            aria-label="Details"
            aria-expanded={open}
            {...(open ? { "aria-controls": detailId } : {})}
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true">›</span>
          </button>
        </td>
        <td className="when" data-label="Date Added">
          <When iso={row.createdAt} />
        </td>
        <td className="when" data-label="Date Modified">
          <When iso={row.updatedAt} />
        </td>
        {showCredential ? (
          <td data-label="API Username">
            <Credential row={row} />
          </td>
        ) : null}
        <td>
          <code>{row.call}</code>
        </td>
        <td className={row.ip.includes(":") ? "mono address v6" : "mono address"} data-label="IP Address">
          <RecordedAddress ip={row.ip} />
        </td>
        <td>
          <OutcomeBadge outcome={row.outcome} />
        </td>
        <td className="num" data-label="Count">
          {row.count.toLocaleString()}
        </td>
        <td className="row-actions">
          <AllowAction row={row} canAllow={canAllow} onAllow={onAllow} />
        </td>
      </tr>
      {open ? (
        <tr id={detailId} className="row-detail">
          <td colSpan={columns}>
            <HistoryDetail row={row} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
