import type { HistoryRow } from "@gatehouse/shared";
import { toast } from "@/components/ui/toaster.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { outcomeHelp, outcomeLabels } from "./outcomes.ts";

const statusText: Record<number, string> = {
  200: "OK",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

function RequestId({ id }: { id: string | null }) {
  if (id === null) return <span className="hint">Not recorded (calls made before Gatehouse kept it)</span>;
  const copy = () =>
    navigator.clipboard.writeText(id).then(
      () => toast.success("Request ID copied"),
      () => toast.error("Could not copy; select the ID and copy it by hand"),
    );
  return (
    <>
      <code className="request-id">{id}</code>{" "}
      <button type="button" className="button small" onClick={copy}>
        Copy
      </button>
      <div className="hint">
        The integration got it as <code>request_id</code> in the error body and as the <code>X-Request-Id</code> header: search its logs for it.
      </div>
    </>
  );
}

/** What a row stands for, beyond its columns: the answer the integration got, and how to find it in its logs. */
export function HistoryDetail({ row }: { row: HistoryRow }) {
  const folded = row.count > 1;
  return (
    <dl className="history-detail">
      <div>
        <dt>Outcome</dt>
        <dd>
          <strong>{outcomeLabels[row.outcome]}</strong>: {outcomeHelp[row.outcome]}
        </dd>
      </div>
      <div>
        <dt>HTTP status</dt>
        <dd>
          {row.status} {statusText[row.status] ?? ""}
        </dd>
      </div>
      <div>
        <dt>User agent</dt>
        <dd>{row.userAgent ? <code>{row.userAgent}</code> : <span className="hint">None sent</span>}</dd>
      </div>
      <div>
        <dt>{folded ? "Last request ID" : "Request ID"}</dt>
        <dd>
          <RequestId id={row.lastRequestId} />
        </dd>
      </div>
      <div>
        <dt>Calls</dt>
        <dd>
          {folded
            ? `${row.count.toLocaleString()} identical calls from ${formatDateTime(row.createdAt)} to ${formatDateTime(row.updatedAt)}, each within a minute of the one before. Status, user agent and request ID are the last call's.`
            : `One call at ${formatDateTime(row.createdAt)}.`}
        </dd>
      </div>
    </dl>
  );
}
