import type { WebhookEndpoint } from "@gatehouse/shared";
import { toast } from "@/components/ui/toaster.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useSendTestEvent } from "../api/send-test-event.ts";
import { DeliveryLog } from "./delivery-log.tsx";
import { eventLabels } from "./event-words.ts";

/** One endpoint: where, what it asked for, Send test event, Remove, and its delivery log. */
export function WebhookCard({ endpoint, onRemove }: { endpoint: WebhookEndpoint; onRemove: () => void }) {
  const test = useSendTestEvent(endpoint.id);
  return (
    <section className="card webhook-card" aria-label={`Webhook endpoint ${endpoint.url}`}>
      <div className="webhook-head">
        <div>
          <h2 className="webhook-url mono">{endpoint.url}</h2>
          <p className="hint">Added {formatDateTime(endpoint.createdAt)}</p>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button small"
            disabled={test.isPending}
            onClick={() => test.mutate(undefined, { onSuccess: () => toast.success("Test event queued"), onError: (error) => toast.error(error.message) })}
          >
            Send test event
          </button>
          <button type="button" className="button small danger" onClick={onRemove}>
            Remove
          </button>
        </div>
      </div>
      <ul className="webhook-events" aria-label="Events">
        {endpoint.events.map((event) => (
          <li key={event} className="badge">
            {event === "calls.denied_spike" ? `Denied calls ≥ ${endpoint.deniedThreshold ?? "?"} per key and hour` : eventLabels[event]}
          </li>
        ))}
      </ul>
      <h3 className="webhook-log-title">Delivery log</h3>
      <DeliveryLog endpointId={endpoint.id} />
    </section>
  );
}
