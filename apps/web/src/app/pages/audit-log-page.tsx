import { auditActions, type AuditAction } from "@gatehouse/shared";
import { useState } from "react";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pages.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Loading } from "@/components/ui/loading.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { RecordedAddress } from "@/components/ui/recorded-address.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useAuditLog, type AuditFilters } from "@/features/audit-log/api/get-audit-log.ts";
import { AuditChange } from "@/features/audit-log/components/audit-change.tsx";
import { actionLabel } from "@/features/audit-log/components/audit-words.ts";

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function AuditLogPage() {
  const [filters, setFilters] = useState<Omit<AuditFilters, "cursor">>({});
  const pages = useCursorPages();
  const audit = useAuditLog({ ...filters, ...(pages.cursor ? { cursor: pages.cursor } : {}) });
  const setFilter = <Name extends keyof typeof filters>(name: Name, value: (typeof filters)[Name] | "") => {
    pages.reset();
    setFilters((current) => ({ ...current, [name]: value || undefined }));
  };

  return (
    <>
      <PageHeader title="Audit log" description="Every admin change and sign-in attempt: who, when, from where, and what changed." />
      <div className="card">
        <div className="toolbar" role="search">
          <input
            className="input"
            placeholder="Admin username"
            aria-label="Filter by admin"
            onChange={(event) => setFilter("actor", event.target.value.trim())}
          />
          <select className="input" aria-label="Filter by action" onChange={(event) => setFilter("action", event.target.value as AuditAction)}>
            <option value="">All actions</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </select>
          <label className="checkbox">
            From <input className="input" type="datetime-local" onChange={(event) => setFilter("from", toIso(event.target.value))} />
          </label>
          <label className="checkbox">
            To <input className="input" type="datetime-local" onChange={(event) => setFilter("to", toIso(event.target.value))} />
          </label>
        </div>
        {audit.isPending ? (
          <Loading />
        ) : audit.isError ? (
          <div className="banner danger">{audit.error.message}</div>
        ) : audit.data.items.length === 0 ? (
          <EmptyState title="No entries match">Change the filters to see more.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Admin</th>
                  <th scope="col">IP Address</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      {formatDateTime(entry.at)}
                      {entry.lastAt && formatDateTime(entry.lastAt) !== formatDateTime(entry.at) ? (
                        <div className="hint">until {formatDateTime(entry.lastAt)}</div>
                      ) : null}
                    </td>
                    <td data-label="Admin">{entry.actor}</td>
                    <td className="mono" data-label="IP Address">
                      <RecordedAddress ip={entry.ip} />
                    </td>
                    <td>
                      <span className={entry.action === "sign_in_failed" || entry.action === "user.lock" ? "badge danger" : "badge"}>
                        {actionLabel(entry.action)}
                      </span>
                      {entry.count > 1 ? <span className="hint"> ×{entry.count.toLocaleString()}</span> : null}
                    </td>
                    <td data-label="Target">{entry.targetName ?? "—"}</td>
                    <td data-label="Change">
                      <AuditChange targetType={entry.targetType} before={entry.before} after={entry.after} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CursorPager pages={pages} nextCursor={audit.data?.nextCursor} />
      </div>
    </>
  );
}
