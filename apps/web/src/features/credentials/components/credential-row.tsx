import type { CredentialListItem } from "@gatehouse/shared";
import { Link } from "react-router";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format.ts";
import { paths } from "@/lib/paths.ts";
import { DisableNowButton } from "./disable-now-button.tsx";
import { ExpiryBadge } from "./expiry-badge.tsx";
import { IpSummary } from "./ip-summary.tsx";
import { KeyAge } from "./key-age.tsx";
import { NeverUsed } from "./never-used.tsx";
import { ScopeList } from "./scope-list.tsx";
import { StatusBadge } from "./status-badge.tsx";

type RowProps = { item: CredentialListItem; canWrite: boolean; selected: boolean; onToggle: () => void };

export function CredentialRow({ item, canWrite, selected, onToggle }: RowProps) {
  return (
    <tr>
      {canWrite ? (
        <td>
          <input type="checkbox" aria-label={`Select ${item.username}`} checked={selected} onChange={onToggle} />
        </td>
      ) : null}
      <td>
        <Link className="credential-name" to={paths.api(item.id)}>
          <strong>{item.username}</strong>
        </Link>
        {/* Under the name rather than a column of its own: the row's actions stay in view at 1280 px. */}
        {item.description ? (
          <div className="used-by">
            <span className="used-by-label">Used by </span>
            {item.description}
          </div>
        ) : null}
        <div className="hint">
          <span className="mono">{item.keyPrefix}…</span> · <KeyAge issuedAt={item.keyIssuedAt} />
        </div>
      </td>
      <td className="status-cell">
        <StatusBadge status={item.status} expiresAt={item.expiresAt} />
        <ExpiryBadge expiresAt={item.expiresAt} />
      </td>
      <td data-label="Allowed IPs">
        <IpSummary count={item.allowedIpCount} any={item.allowsAnyIp} reportOnly={item.ipEnforcement === "report"} />
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
          <NeverUsed createdAt={item.createdAt} />
        )}
      </td>
      {/* The day only, the time on hover: with both, the row's actions left the screen at 1280 px. */}
      <td data-label="Date Added">
        <ListDate iso={item.createdAt} />
      </td>
      <td data-label="Date Modified">
        <ListDate iso={item.updatedAt} />
      </td>
      <td className="actions-cell">
        <div className="row-actions">
          {/* The guide says "find the API in the list and click Edit". */}
          <Link className="button small" to={paths.api(item.id)} aria-label={`${canWrite ? "Edit" : "View"} ${item.username}`}>
            {canWrite ? "Edit" : "View"}
          </Link>
          {canWrite && item.status === "enabled" ? <DisableNowButton credential={item} small /> : null}
        </div>
      </td>
    </tr>
  );
}

function ListDate({ iso }: { iso: string }) {
  return (
    <time className="list-date" dateTime={iso} title={formatDateTime(iso)}>
      {formatDate(iso)}
    </time>
  );
}
