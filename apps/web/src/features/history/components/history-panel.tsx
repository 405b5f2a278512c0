import type { HistoryRow as Row } from "@gatehouse/shared";
import { useState } from "react";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pages.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Loading } from "@/components/ui/loading.tsx";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useHistory } from "../api/get-history.ts";
import { queryParams } from "@/lib/query-params.ts";
import { anyFilter, checkFilters, readFilterFields } from "../filter-fields.ts";
import { AllowAddressDialog } from "./allow-address-dialog.tsx";
import { ChartCard } from "./chart-card.tsx";
import { CountHelp, DateModifiedHelp, OutcomeHelp } from "./column-help.tsx";
import { HistoryFiltersBar } from "./history-filters.tsx";
import { HistoryRow } from "./history-row.tsx";
import { useFilterFields } from "./use-filter-fields.ts";

type PanelProps = { credentialId?: string; canAllow: boolean };

/** Chart, filters, rows and CSV export: the History tab (one credential) and the Activity page (all). */
export function HistoryPanel({ credentialId, canAllow }: PanelProps) {
  const storeWide = credentialId === undefined;
  const { fields, address, change } = useFilterFields();
  // Filters apply (and say what is wrong with them) once typing pauses.
  const settled = readFilterFields(new URLSearchParams(useDebounced(address)));
  const checked = checkFilters(settled);
  const filters = checked.ok ? checked.filters : {};
  const pages = useCursorPages(JSON.stringify(filters));
  const base = { ...filters, ...(credentialId ? { credentialId } : {}) };
  const history = useHistory({ ...base, ...(pages.cursor ? { cursor: pages.cursor } : {}) }, { enabled: checked.ok });
  const [allowing, setAllowing] = useState<Row | null>(null);
  const columns = storeWide ? 9 : 8;
  const exportHref = `/api/admin/history/export.csv?${new URLSearchParams(queryParams(base)).toString()}`;

  return (
    <>
      <ChartCard {...(credentialId ? { credentialId } : {})} />
      <section className="card" aria-label="Calls">
        <HistoryFiltersBar value={fields} problems={checked.ok ? {} : checked.problems} byUsername={storeWide} onChange={change} />
        {!checked.ok ? (
          <EmptyState title="Check the filters">Correct the filter marked above to see calls.</EmptyState>
        ) : history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <div className="banner danger">{history.error.message}</div>
        ) : history.data.items.length === 0 ? (
          <EmptyState title={anyFilter(settled) ? "No calls match" : "No calls yet"}>
            {anyFilter(settled)
              ? "Change the filters to see more."
              : storeWide
                ? "Calls made with any API key, and attempts with usernames no key has, will appear here."
                : "Calls made with this key will appear here."}
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
        <CursorPager pages={pages} nextCursor={checked.ok ? history.data?.nextCursor : null}>
          {checked.ok ? (
            <a className="button small" href={exportHref} download>
              Export CSV
            </a>
          ) : undefined}
        </CursorPager>
      </section>
      <AllowAddressDialog row={allowing} onClose={() => setAllowing(null)} />
    </>
  );
}
