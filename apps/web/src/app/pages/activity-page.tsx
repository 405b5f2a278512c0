import type { ReactNode } from "react";
import { Link } from "react-router";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { timeLeft } from "@/lib/expiry.ts";
import { formatDateTime, formatRelative } from "@/lib/format.ts";
import { paths } from "@/lib/paths.ts";
import { useCan } from "@/lib/session.ts";
import { useNow } from "@/lib/use-now.ts";
import { useSummary } from "@/features/history/api/get-summary.ts";
import { HistoryPanel } from "@/features/history/components/history-panel.tsx";

/** A summary card listing keys, each a link to its page with one fact beside it. */
function KeyListCard<K extends { id: string; username: string }>(props: {
  title: string;
  keys: K[] | undefined;
  /** How many match in all; the card lists the first ten. */
  count: number | undefined;
  /** What the card counts, when its title alone does not say. */
  about?: string;
  empty: string;
  renderDetail: (key: K) => ReactNode;
}) {
  return (
    <section className="card stat">
      <h2>{props.title}</h2>
      {props.about ? <p className="hint">{props.about}</p> : null}
      {props.keys?.length ? (
        <ul className="stat-list">
          {props.keys.map((key) => (
            <li key={key.id}>
              <Link to={paths.api(key.id)}>{key.username}</Link> {props.renderDetail(key)}
            </li>
          ))}
          {props.count !== undefined && props.count > props.keys.length ? <li className="hint">and {props.count - props.keys.length} more</li> : null}
        </ul>
      ) : (
        <p className="hint">{props.empty}</p>
      )}
    </section>
  );
}

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
      <KeyListCard
        title="Unused for 90 days"
        keys={data?.unusedCredentials}
        count={data?.unusedCount}
        about="Keys added more than 90 days ago that made no call in the last 90 days."
        empty="None"
        renderDetail={(row) => <span className="hint">{row.lastUsedAt ? formatRelative(row.lastUsedAt) : "never used"}</span>}
      />
      <KeyListCard
        title="Expiring within 14 days"
        keys={data?.expiringCredentials}
        count={data?.expiringCount}
        empty="None"
        renderDetail={(row) => (
          <span className="warn-text" title={formatDateTime(row.expiresAt)}>
            in {timeLeft(row.expiresAt, now)}
          </span>
        )}
      />
      <KeyListCard
        title="Never used"
        keys={data?.neverUsedCredentials}
        count={data?.neverUsedCount}
        empty="None — every key has made a call"
        renderDetail={(row) => <span className="hint">added {formatRelative(row.createdAt, now)}</span>}
      />
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
