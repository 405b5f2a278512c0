import type { WebhookDelivery } from "@gatehouse/shared";
import { Loading } from "@/components/ui/loading.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useDeliveries } from "../api/get-deliveries.ts";
import { useResendDelivery } from "../api/resend-delivery.ts";
import { deliveryResult, eventLabels, stateBadge } from "./event-words.ts";

function DeliveryRow({ delivery, onResend, pending }: { delivery: WebhookDelivery; onResend: () => void; pending: boolean }) {
  const badge = stateBadge[delivery.state];
  return (
    <tr>
      <td>
        <strong>{eventLabels[delivery.eventType]}</strong> <span className={badge.tone}>{badge.label}</span>
      </td>
      <td data-label="Time">{formatDateTime(delivery.lastAttemptAt ?? delivery.createdAt)}</td>
      <td data-label="Event ID" className="mono">
        {delivery.eventId}
      </td>
      <td data-label="Status">
        {deliveryResult(delivery)}
        {delivery.nextAttemptAt && delivery.attempts > 0 ? <span className="hint"> · next try {formatDateTime(delivery.nextAttemptAt)}</span> : null}
      </td>
      <td data-label="Response time" className="num">
        {delivery.lastDurationMs === null ? "—" : `${delivery.lastDurationMs} ms`}
      </td>
      <td data-label="Attempts" className="num">
        {delivery.attempts}
      </td>
      <td className="num">
        <button type="button" className="button small" onClick={onResend} disabled={pending} aria-label={`Resend ${delivery.eventId}`}>
          Resend
        </button>
      </td>
    </tr>
  );
}

/** The endpoint's last 100 deliveries, newest first, each with Resend. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const deliveries = useDeliveries(endpointId);
  const resend = useResendDelivery(endpointId);
  if (deliveries.isPending) return <Loading />;
  if (deliveries.isError) return <div className="banner danger">{deliveries.error.message}</div>;
  if (deliveries.data.items.length === 0) return <p className="hint delivery-empty">Nothing sent yet. Send a test event to check the receiver.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Delivery log">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Time</th>
            <th scope="col">Event ID</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Response time
            </th>
            <th scope="col" className="num">
              Attempts
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.items.map((delivery) => (
            <DeliveryRow
              key={delivery.id}
              delivery={delivery}
              pending={resend.isPending}
              onResend={() =>
                resend.mutate(delivery.id, {
                  onSuccess: () => toast.success(`Sending “${eventLabels[delivery.eventType]}” again`),
                  onError: (error) => toast.error(error.message),
                })
              }
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
