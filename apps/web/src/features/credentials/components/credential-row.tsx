import type { CredentialListItem } from "@gatehouse/shared";
import { Link } from "react-router";
import { formatDateTime, formatRelative } from "@/lib/format.ts";
import { paths } from "@/lib/paths.ts";
import { IpSummary } from "./ip-summary.tsx";
import { ScopeList } from "./scope-list.tsx";
import { StatusBadge } from "./status-badge.tsx";

type RowProps = { item: CredentialListItem; selectable: boolean; selected: boolean; onToggle: () => void };

export function CredentialRow({ item, selectable, selected, onToggle }: RowProps) {
  return (
    <tr>
      {selectable ? (
        <td>
          <input type="checkbox" aria-label={`Select ${item.username}`} checked={selected} onChange={onToggle} />
        </td>
      ) : null}
      <td>
        <Link to={paths.api(item.id)}>
          <strong>{item.username}</strong>
        </Link>
        <div className="hint mono">{item.keyPrefix}…</div>
      </td>
      <td>
        <StatusBadge status={item.status} expiresAt={item.expiresAt} />
      </td>
      <td data-label="Allowed IPs">
        <IpSummary count={item.allowedIpCount} any={item.allowsAnyIp} />
      </td>
      <td data-label="Permissions">
        <ScopeList scopes={item.scopes} />
      </td>
      <td className="last-used" data-label="Last used">
        {item.lastUsedAt ? (
          <>
            <span title={formatDateTime(item.lastUsedAt)}>{formatRelative(item.lastUsedAt)}</span>
            <small className="mono">{item.lastUsedIp}</small>
          </>
        ) : (
          <span className="hint">Never</span>
        )}
      </td>
      <td data-label="Date Added">{formatDateTime(item.createdAt)}</td>
      <td data-label="Date Modified">{formatDateTime(item.updatedAt)}</td>
    </tr>
  );
}
