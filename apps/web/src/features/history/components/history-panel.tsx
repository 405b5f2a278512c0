import type { HistoryFilters } from "@gatehouse/shared";
import { useState } from "react";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { Loading } from "../../../components/ui/loading.tsx";
import { useDebounced } from "../../../lib/use-debounced.ts";
import { historyParams, useHistory } from "../api/get-history.ts";
import { ChartCard } from "./chart-card.tsx";
import { HistoryFiltersBar } from "./history-filters.tsx";
import { HistoryRow } from "./history-row.tsx";

type PanelProps = { credentialId?: string; canAllow: boolean };

/** Chart, filters, rows and CSV export: the History tab (one credential) and the Activity page (all). */
export function HistoryPanel({ credentialId, canAllow }: PanelProps) {
  const storeWide = credentialId === undefined;
  const [filters, setFilters] = useState<HistoryFilters>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const settled = useDebounced(filters);
  const base = { ...settled, ...(credentialId ? { credentialId } : {}) };
  const history = useHistory({ ...base, ...(cursors.length ? { cursor: cursors.at(-1) } : {}) });
  const exportHref = `/api/admin/history/export.csv?${new URLSearchParams(historyParams(base)).toString()}`;

  return (
    <>
      <ChartCard {...(credentialId ? { credentialId } : {})} />
      <section className="card" aria-label="Calls">
        <HistoryFiltersBar
          value={filters}
          byUsername={storeWide}
          onChange={(next) => {
            setFilters(next);
            setCursors([]);
          }}
        />
        {history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <div className="banner danger">{history.error.message}</div>
        ) : history.data.items.length === 0 ? (
          <EmptyState title="No calls match">{Object.keys(settled).length ? "Change the filters to see more." : "Calls made with this key will appear here."}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Date Added</th>
                  <th scope="col">Date Modified</th>
                  {storeWide ? <th scope="col">API Username</th> : null}
                  <th scope="col">Call</th>
                  <th scope="col">IP Address</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="num">
                    Count
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.data.items.map((row) => (
                  <HistoryRow key={row.id} row={row} showCredential={storeWide} canAllow={canAllow} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="pagination">
          <a className="button small" href={exportHref} download>
            Export CSV
          </a>
          <div className="button-row">
            <span>{cursors.length ? `Page ${cursors.length + 1}` : "Newest first"}</span>
            <button type="button" className="button small" disabled={cursors.length === 0} onClick={() => setCursors((list) => list.slice(0, -1))}>
              Newer
            </button>
            <button
              type="button"
              className="button small"
              disabled={!history.data?.nextCursor}
              onClick={() => history.data?.nextCursor && setCursors((list) => [...list, history.data.nextCursor as string])}
            >
              Older
            </button>
          </div>
        </div>
      </section>
    </>
  );
}
