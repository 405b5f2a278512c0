import type { HistoryRow as Row } from "@gatehouse/shared";
import { Link } from "react-router";
import { toast } from "@/components/ui/toaster.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { paths } from "@/lib/paths.ts";
import { useAllowAddress } from "../api/allow-address.ts";
import { OutcomeBadge } from "./outcome-badge.tsx";

type RowProps = { row: Row; showCredential: boolean; canAllow: boolean };

function Credential({ row }: { row: Row }) {
  if (!row.credentialId) return <span className="hint">{row.username ? `${row.username} (unknown)` : "unknown"}</span>;
  if (row.credentialDeleted) return <span className="hint">{row.username} (deleted)</span>;
  return <Link to={paths.api(row.credentialId)}>{row.username}</Link>;
}

export function HistoryRow({ row, showCredential, canAllow }: RowProps) {
  const allow = useAllowAddress();
  const offerAllow = canAllow && row.outcome === "ip_not_allowed" && row.credentialId !== null && !row.credentialDeleted;
  return (
    <tr>
      <td data-label="Date Added">{formatDateTime(row.createdAt)}</td>
      <td data-label="Date Modified">{formatDateTime(row.updatedAt)}</td>
      {showCredential ? (
        <td data-label="API Username">
          <Credential row={row} />
        </td>
      ) : null}
      <td>
        <code>{row.call}</code>
      </td>
      <td className="mono" data-label="IP Address">
        {row.ip}
      </td>
      <td>
        <OutcomeBadge outcome={row.outcome} />
      </td>
      <td className="num" data-label="Count">
        {row.count.toLocaleString()}
      </td>
      <td className="num">
        {offerAllow ? (
          <button
            type="button"
            className="button small"
            disabled={allow.isPending}
            onClick={() =>
              allow.mutate(
                { credentialId: row.credentialId ?? "", ip: row.ip },
                { onSuccess: () => toast.success(`${row.ip} can now use ${row.username}`), onError: (error) => toast.error(error.message) },
              )
            }
          >
            Allow this IP
          </button>
        ) : null}
      </td>
    </tr>
  );
}
