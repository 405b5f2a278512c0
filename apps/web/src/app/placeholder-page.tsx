import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "../components/ui/empty-state.tsx";
import { Loading } from "../components/ui/loading.tsx";
import { PageHeader } from "../components/ui/page-header.tsx";
import { api, unwrap } from "../lib/api-client.ts";

export function PlaceholderPage({ title }: { title: string }) {
  const health = useQuery({ queryKey: ["health"], queryFn: () => unwrap(api.healthz.$get()) });
  return (
    <>
      <PageHeader title={title} description={health.data ? `Server ${health.data.version}, database ${health.data.database}` : undefined} />
      <div className="card">{health.isPending ? <Loading /> : <EmptyState title="Nothing here yet" />}</div>
    </>
  );
}
