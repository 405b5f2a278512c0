import { Link } from "react-router";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { timeLeft } from "@/lib/expiry.ts";
import { formatDateTime, formatRelative } from "@/lib/format.ts";
import { paths } from "@/lib/paths.ts";
import { useCan } from "@/lib/session.ts";
import { useNow } from "@/lib/use-now.ts";
import { useSummary } from "@/features/history/api/get-summary.ts";
import { HistoryPanel } from "@/features/history/components/history-panel.tsx";

function Summary() {
  const summary = useSummary();
  const data = summary.data;
  const now = useNow();
  return (
    <div className="stats" aria-busy={summary.isPending}>
      <section className="card stat">
        <h2>Calls, last 24 hours</h2>
        <strong>{data ? data.calls24h.toLocaleString() : "…"}</strong>
      </section>
      <section className="card stat">
        <h2>Denied, last 24 hours</h2>
        <strong className={data && data.denied24h > 0 ? "danger-text" : undefined}>{data ? data.denied24h.toLocaleString() : "…"}</strong>
      </section>
      <section className="card stat">
        <h2>Top denied addresses</h2>
        {data?.topDeniedIps.length ? (
          <ol className="stat-list">
            {data.topDeniedIps.map((row) => (
              <li key={row.ip}>
                <code>{row.ip}</code> <span className="hint">{row.calls.toLocaleString()}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="hint">None</p>
        )}
      </section>
      <section className="card stat">
        <h2>Unused for 90 days</h2>
        {data?.unusedCredentials.length ? (
          <ul className="stat-list">
            {data.unusedCredentials.map((row) => (
              <li key={row.id}>
                <Link to={paths.api(row.id)}>{row.username}</Link>{" "}
                <span className="hint">{row.lastUsedAt ? formatRelative(row.lastUsedAt) : "never used"}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">None — every key is in use</p>
        )}
      </section>
      <section className="card stat">
        <h2>Expiring within 14 days</h2>
        {data?.expiringCredentials.length ? (
          <ul className="stat-list">
            {data.expiringCredentials.map((row) => (
              <li key={row.id}>
                <Link to={paths.api(row.id)}>{row.username}</Link>{" "}
                <span className="warn-text" title={formatDateTime(row.expiresAt)}>
                  in {timeLeft(row.expiresAt, now)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">None</p>
        )}
      </section>
      <section className="card stat">
        <h2>Never used</h2>
        {data?.neverUsedCredentials.length ? (
          <ul className="stat-list">
            {data.neverUsedCredentials.map((row) => (
              <li key={row.id}>
                <Link to={paths.api(row.id)}>{row.username}</Link> <span className="hint">added {formatRelative(row.createdAt, now)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">None — every key has made a call</p>
        )}
      </section>
    </div>
  );
}

/** Every call to the integration API, across all keys, including attempts on unknown usernames. */
export function ActivityPage() {
  const canAllow = useCan("credentials.write");
  return (
    <>
      <PageHeader
        title="Activity"
        description="Every call to the integration API across all keys, allowed or denied — including attempts with unknown usernames."
      />
      <Summary />
      <HistoryPanel canAllow={canAllow} />
    </>
  );
}
