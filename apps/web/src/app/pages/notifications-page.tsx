import type { CreatedWebhook, WebhookEndpoint } from "@gatehouse/shared";
import { useState } from "react";
import { CopyOnceDialog } from "@/components/ui/copy-once-dialog.tsx";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Loading } from "@/components/ui/loading.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { useWebhooks } from "@/features/notifications/api/get-webhooks.ts";
import { useRemoveWebhook } from "@/features/notifications/api/remove-webhook.ts";
import { AddWebhookDialog } from "@/features/notifications/components/add-webhook-dialog.tsx";
import { WebhookCard } from "@/features/notifications/components/webhook-card.tsx";

/** Settings → Notifications: signed webhooks for credential changes, expiring keys, new addresses and denied-call spikes. */
export function NotificationsPage() {
  const webhooks = useWebhooks();
  const remove = useRemoveWebhook();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [removing, setRemoving] = useState<WebhookEndpoint | null>(null);
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Settings → Notifications. Webhook endpoints receive a signed JSON POST when an API changes, a key nears expiry, a key is used from a new address, or denied calls spike."
        actions={
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        }
      />
      {webhooks.isPending ? (
        <Loading />
      ) : webhooks.isError ? (
        <div className="banner danger">{webhooks.error.message}</div>
      ) : webhooks.data.items.length === 0 ? (
        <div className="card">
          <EmptyState title="No webhook endpoints yet">
            <p>Add one to hear about changes to APIs as they happen.</p>
          </EmptyState>
        </div>
      ) : (
        webhooks.data.items.map((endpoint) => <WebhookCard key={endpoint.id} endpoint={endpoint} onRemove={() => setRemoving(endpoint)} />)
      )}
      <AddWebhookDialog open={adding} onOpenChange={setAdding} onCreated={setCreated} />
      <CopyOnceDialog
        title="Signing secret"
        description="Copy this secret now. It cannot be shown again. The receiver uses it to check the Gatehouse-Signature header of every delivery."
        secret={created?.secret ?? null}
        label="Signing secret"
        confirmation="I have copied the secret and given it to the receiver"
        onClose={() => setCreated(null)}
      >
        <p className="hint">For {created?.endpoint.url}</p>
      </CopyOnceDialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title="Remove this endpoint?"
        confirmLabel="Remove endpoint"
        danger
        pending={remove.isPending}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              toast.success(`Removed ${removing.url}`);
              setRemoving(null);
            },
            onError: (error) => toast.error(error.message),
          })
        }
      >
        {removing?.url} stops receiving events at once, including deliveries still being retried, and its delivery log is deleted.
      </ConfirmDialog>
    </>
  );
}
