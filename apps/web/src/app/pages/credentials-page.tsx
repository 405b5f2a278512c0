import type { CredentialStatus } from "@gatehouse/shared";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { AddressInput } from "@/components/ui/address-input.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Loading } from "@/components/ui/loading.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { Pagination } from "@/components/ui/pagination.tsx";
import { paths } from "@/lib/paths.ts";
import { useCan } from "@/lib/session.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { CREDENTIALS_PAGE_SIZE, useCredentials } from "@/features/credentials/api/get-credentials.ts";
import { BulkBar } from "@/features/credentials/components/bulk-bar.tsx";
import { CredentialRow } from "@/features/credentials/components/credential-row.tsx";
import { SortHeader, type SortState } from "@/features/credentials/components/sort-header.tsx";
import { useListView } from "@/features/credentials/components/use-list-view.ts";
import { listQuery, rememberListView } from "@/features/credentials/list-params.ts";

export function CredentialsPage() {
  const canWrite = useCan("credentials.write");
  const { view, change, address } = useListView();
  const sort: SortState = { sort: view.sort, order: view.order };
  // A selection belongs to the rows it was made on: another search, status, sort or page starts empty.
  const [selection, setSelection] = useState({ address, ids: new Set<string>() });
  const selected = selection.address === address ? selection.ids : new Set<string>();
  const setSelected = (next: Set<string> | ((current: Set<string>) => Set<string>)) =>
    setSelection({ address, ids: typeof next === "function" ? next(selected) : next });
  const debouncedSearch = useDebounced(view.search.trim());
  const list = useCredentials(listQuery(view, debouncedSearch));
  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / CREDENTIALS_PAGE_SIZE)) : 1;
  const pastTheEnd = list.data !== undefined && !list.isPlaceholderData && view.page > lastPage;

  useEffect(() => rememberListView(view));
  useEffect(() => {
    // A page past the end (an old bookmark, keys deleted since): show the last page instead.
    if (pastTheEnd) change({ page: lastPage }, { replace: true });
  });

  const items = list.data?.items ?? [];
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader
        title="APIs"
        description="Credentials that integrations use to call your store's API."
        actions={
          canWrite ? (
            <Link className="button primary" to={paths.newApi}>
              Add New
            </Link>
          ) : null
        }
      />
      <div className="card">
        <div className="toolbar" role="search">
          <AddressInput
            className="input"
            type="search"
            placeholder="Search API Username"
            aria-label="Search API Username"
            value={view.search}
            maxLength={20}
            onValue={(search) => change({ search }, { replace: true })}
          />
          <select
            className="input"
            aria-label="Filter by status"
            value={view.status ?? ""}
            onChange={(event) => change({ status: (event.target.value || undefined) as CredentialStatus | undefined })}
          >
            <option value="">All statuses</option>
            <option value="enabled">Enabled</option>
            <option value="disabled">Disabled</option>
          </select>
          {list.isFetching && !list.isPending ? <span className="spinner" role="status" aria-label="Updating" /> : null}
        </div>
        {canWrite && selected.size > 0 ? <BulkBar selected={items.filter((item) => selected.has(item.id))} onDone={() => setSelected(new Set())} /> : null}
        {list.isPending || pastTheEnd ? (
          <Loading />
        ) : list.isError ? (
          <div className="banner danger">{list.error.message}</div>
        ) : items.length === 0 ? (
          debouncedSearch || view.status ? (
            <EmptyState title="No APIs match">Try another search or status.</EmptyState>
          ) : (
            <EmptyState title="No API credentials yet">
              <p>Create one for each integration — inventory sync, ERP, mobile back end — with only the permissions it needs.</p>
              {canWrite ? (
                <Link className="button primary" to={paths.newApi}>
                  Add New
                </Link>
              ) : null}
            </EmptyState>
          )
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  {canWrite ? (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select all on this page"
                        checked={allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((item) => item.id)))}
                      />
                    </th>
                  ) : null}
                  <SortHeader label="API Username" column="username" state={sort} onSort={change} />
                  <th scope="col">Status</th>
                  <th scope="col">Allowed IPs</th>
                  <th scope="col">Permissions</th>
                  <SortHeader label="Last used" column="lastUsedAt" state={sort} onSort={change} />
                  <SortHeader label="Date Added" column="createdAt" state={sort} onSort={change} />
                  <SortHeader label="Date Modified" column="updatedAt" state={sort} onSort={change} />
                  <th scope="col" className="actions-cell">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <CredentialRow key={item.id} item={item} canWrite={canWrite} selected={selected.has(item.id)} onToggle={() => toggle(item.id)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.data && list.data.total > 0 ? (
          <Pagination page={view.page} pageSize={CREDENTIALS_PAGE_SIZE} total={list.data.total} noun="APIs" onPage={(page) => change({ page })} />
        ) : null}
      </div>
    </>
  );
}
