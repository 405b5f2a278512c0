import { zodResolver } from "@hookform/resolvers/zod";
import { createWebhookSchema, webhookEvents, type CreatedWebhook, type CreateWebhookInput } from "@gatehouse/shared";
import { useForm, useWatch } from "react-hook-form";
import { Dialog } from "@/components/ui/dialog.tsx";
import { Field } from "@/components/ui/field.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { useCreateWebhook } from "../api/create-webhook.ts";
import { eventLabels } from "./event-words.ts";

type Props = { open: boolean; onOpenChange: (open: boolean) => void; onCreated: (created: CreatedWebhook) => void };

const defaults: CreateWebhookInput = { url: "", events: webhookEvents.filter((event) => event !== "calls.denied_spike"), deniedThreshold: null };

export function AddWebhookDialog({ open, onOpenChange, onCreated }: Props) {
  const create = useCreateWebhook();
  const form = useForm<CreateWebhookInput>({ resolver: zodResolver(createWebhookSchema), defaultValues: defaults });
  const events = useWatch({ control: form.control, name: "events" });
  const submit = form.handleSubmit((values) =>
    create.mutate(values, {
      onSuccess: (created) => {
        form.reset(defaults);
        onOpenChange(false);
        onCreated(created);
      },
      onError: (error) => {
        if (!(error instanceof RequestError)) return;
        for (const [name, message] of Object.entries(error.fields)) form.setError(name.split(".")[0] as keyof CreateWebhookInput, { message });
        if (Object.keys(error.fields).length === 0) toast.error(error.message);
      },
    }),
  );
  const errors = form.formState.errors;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      wide
      title="Add webhook endpoint"
      description="Gatehouse sends a signed JSON POST to this URL for each event you choose."
    >
      <form onSubmit={submit} noValidate>
        <Field label="Endpoint URL" required error={errors.url?.message} hint="https:// recommended; the receiver must answer 2xx within 10 seconds.">
          <input className="input" type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/hooks/gatehouse" {...form.register("url")} />
        </Field>
        <fieldset className="field" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
          <legend className="required">Events</legend>
          <div className="checkbox-group">
            {webhookEvents.map((event) => (
              <label key={event} className="checkbox">
                <input type="checkbox" value={event} {...form.register("events")} />
                <span>
                  {eventLabels[event]} <code className="hint">{event}</code>
                </span>
              </label>
            ))}
          </div>
          {errors.events ? (
            <span id="webhook-events-error" className="error" role="alert">
              {errors.events.message ?? errors.events.root?.message}
            </span>
          ) : null}
        </fieldset>
        {events.includes("calls.denied_spike") ? (
          <Field
            label="Denied calls per key and hour"
            required
            error={errors.deniedThreshold?.message}
            hint="One alert per key and hour once this many of its calls were refused."
          >
            <input
              className="input"
              type="number"
              inputMode="numeric"
              min={1}
              {...form.register("deniedThreshold", { setValueAs: (value: string) => (value === "" || value === null ? null : Number(value)) })}
            />
          </Field>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add endpoint"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
