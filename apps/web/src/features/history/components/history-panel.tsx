import type { HistoryFilters, HistoryRow as Row } from "@gatehouse/shared";
import { useState } from "react";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pages.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Loading } from "@/components/ui/loading.tsx";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useHistory } from "../api/get-history.ts";
import { queryParams } from "@/lib/query-params.ts";
import { AllowAddressDialog } from "./allow-address-dialog.tsx";
import { ChartCard } from "./chart-card.tsx";
import { CountHelp, DateModifiedHelp, OutcomeHelp } from "./column-help.tsx";
import { HistoryFiltersBar } from "./history-filters.tsx";
import { HistoryRow } from "./history-row.tsx";

type PanelProps = { credentialId?: string; canAllow: boolean };

/** Chart, filters, rows and CSV export: the History tab (one credential) and the Activity page (all). */
export function HistoryPanel({ credentialId, canAllow }: PanelProps) {
  const storeWide = credentialId === undefined;
  const [filters, setFilters] = useState<HistoryFilters>({});
  const pages = useCursorPages();
  const settled = useDebounced(filters);
  const base = { ...settled, ...(credentialId ? { credentialId } : {}) };
  const history = useHistory({ ...base, ...(pages.cursor ? { cursor: pages.cursor } : {}) });
  const [allowing, setAllowing] = useState<Row | null>(null);
  const columns = storeWide ? 9 : 8;
  const exportHref = `/api/admin/history/export.csv?${new URLSearchParams(queryParams(base)).toString()}`;

  return (
    <>
      <ChartCard {...(credentialId ? { credentialId } : {})} />
      <section className="card" aria-label="Calls">
        <HistoryFiltersBar
          value={filters}
          byUsername={storeWide}
          onChange={(next) => {
            setFilters(next);
            pages.reset();
          }}
        />
        {history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <div className="banner danger">{history.error.message}</div>
        ) : history.data.items.length === 0 ? (
          <EmptyState title="No calls match">
            {Object.keys(settled).length ? "Change the filters to see more." : "Calls made with this key will appear here."}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table history-table">
              <thead>
                <tr>
                  <th scope="col" className="row-toggle">
                    <span className="visually-hidden">Details</span>
                  </th>
                  <th scope="col">Date Added</th>
                  <th scope="col">
                    Date Modified <DateModifiedHelp />
                  </th>
                  {storeWide ? <th scope="col">API Username</th> : null}
                  <th scope="col">Call</th>
                  <th scope="col">IP Address</th>
                  <th scope="col">
                    Outcome <OutcomeHelp />
                  </th>
                  <th scope="col" className="num">
                    Count <CountHelp />
                  </th>
                  <th scope="col" className="row-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.data.items.map((row) => (
                  <HistoryRow key={row.id} row={row} showCredential={storeWide} canAllow={canAllow} columns={columns} onAllow={setAllowing} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CursorPager pages={pages} nextCursor={history.data?.nextCursor}>
          <a className="button small" href={exportHref} download>
            Export CSV
          </a>
        </CursorPager>
      </section>
      <AllowAddressDialog row={allowing} onClose={() => setAllowing(null)} />
    </>
  );
}
