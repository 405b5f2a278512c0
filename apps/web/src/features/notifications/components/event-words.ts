import type { WebhookDelivery, WebhookEventType } from "@gatehouse/shared";

/** The events in the screens' words; the code name is shown beside them for whoever writes the receiver. */
export const eventLabels: Record<WebhookEventType, string> = {
  "credential.created": "API added",
  "credential.updated": "API changed",
  "credential.disabled": "API disabled",
  "credential.deleted": "API deleted",
  "credential.key_regenerated": "API Key regenerated",
  "credential.expiring": "Key expires within 14 days (once)",
  "credential.new_address": "First call from a new address",
  "calls.denied_spike": "Denied calls over a threshold per key and hour",
  "webhook.test": "Test event",
};

/** "Delivered (204)", "Retrying: Connection refused", "Failed after 31 attempts". */
export function deliveryResult(delivery: WebhookDelivery): string {
  const answer = delivery.lastStatus === null ? delivery.lastError : `HTTP ${delivery.lastStatus}`;
  if (delivery.state === "delivered") return `HTTP ${delivery.lastStatus ?? ""}`.trim();
  if (delivery.attempts === 0) return "Waiting to be sent";
  return answer ?? "";
}

export const stateBadge: Record<WebhookDelivery["state"], { label: string; tone: string }> = {
  delivered: { label: "Delivered", tone: "badge ok" },
  pending: { label: "Retrying", tone: "badge warn" },
  failed: { label: "Failed", tone: "badge danger" },
};
