import { gracePeriods, KEY_DEFAULT_LENGTH, keyLengthSchema, type Credential, type GracePeriod } from "@gatehouse/shared";
import { useRef, useState } from "react";
import { Field } from "@/components/ui/field.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { isConflict } from "@/lib/api-client.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useRegenerateKey } from "../api/regenerate-key.ts";
import { KeyDialog } from "./key-dialog.tsx";

const graceLabels: Record<GracePeriod, string> = {
  none: "None — the old key stops now",
  "1h": "1 hour",
  "24h": "24 hours",
  "7d": "7 days",
};

/** Whether an old key is still accepted: the server refuses a second grace period meanwhile. */
const graceRunning = (credential: Credential): credential is Credential & { previousKeyExpiresAt: string } =>
  credential.previousKeyExpiresAt !== null && Date.parse(credential.previousKeyExpiresAt) > Date.now();

type RegenerateProps = { credential: Credential; open: boolean; onOpenChange: (open: boolean) => void };

/** Asks how long the old key may keep working, then shows the new key once. */
export function RegenerateDialog({ credential, open, onOpenChange }: RegenerateProps) {
  const [grace, setGrace] = useState<GracePeriod>("none");
  // A 409 means an old key's grace runs (another admin, or a double submit): said here, in the admin's time.
  const [refused, setRefused] = useState(false);
  const [length, setLength] = useState(String(KEY_DEFAULT_LENGTH));
  const lengthProblem = /^\d+$/.test(length) ? keyLengthSchema.safeParse(Number(length)).error?.issues[0]?.message : "Key length must be a whole number";
  const [tried, setTried] = useState(false);
  const lengthInput = useRef<HTMLInputElement>(null);
  const regenerate = useRegenerateKey();
  const [issued, setIssued] = useState<{ key: string; note: string | undefined; credential: Credential } | null>(null);
  const submit = () => {
    setTried(true);
    if (lengthProblem) return lengthInput.current?.focus();
    regenerate.mutate(
      { id: credential.id, grace, keyLength: Number(length) },
      {
        onSuccess: ({ key, credential: renewed }) => {
          onOpenChange(false);
          const until = renewed.previousKeyExpiresAt;
          setIssued({
            key,
            credential: renewed,
            note: until ? `The old key keeps working until ${formatDateTime(until)}.` : "The old key no longer works.",
          });
        },
        onError: (error) => {
          if (!isConflict(error)) return toast.error(error.message);
          setRefused(true);
        },
      },
    );
  };
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => (setRefused(false), onOpenChange(next))}
        title={`Regenerate the key for ${credential.username}?`}
        description="A new key replaces the current one. Integrations must switch to the new key before the old one stops."
      >
        <fieldset className="field">
          <legend>Grace period for the old key</legend>
          <div className="checkbox-group">
            {(Object.keys(gracePeriods) as GracePeriod[]).map((option) => (
              <label key={option} className="checkbox">
                <input type="radio" name="grace" value={option} checked={grace === option} onChange={() => (setGrace(option), setRefused(false))} />
                {graceLabels[option]}
              </label>
            ))}
          </div>
          {credential.expiresAt ? <span className="hint">Never past the key's expiry ({formatDateTime(credential.expiresAt)}).</span> : null}
          {graceRunning(credential) ? (
            <span className={refused ? "error" : "hint"} role={refused ? "alert" : undefined}>
              {refused ? "Not regenerated. " : null}The previous key still works until {formatDateTime(credential.previousKeyExpiresAt)}. Only one old key is
              kept: end its grace period first to give this key one, or choose None to stop both old keys now.
            </span>
          ) : null}
        </fieldset>
        <Field
          label="Key length"
          error={tried ? lengthProblem : undefined}
          hint="64–256 characters, prefix and checksum included. 64 is plenty; choose more only if a system asks for it."
        >
          <input
            ref={lengthInput}
            className="input narrow"
            type="number"
            inputMode="numeric"
            min={64}
            max={256}
            value={length}
            onChange={(event) => setLength(event.target.value)}
          />
        </Field>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="button" className="button primary" disabled={regenerate.isPending} onClick={submit}>
            {regenerate.isPending ? "Regenerating…" : "Regenerate key"}
          </button>
        </div>
      </Dialog>
      <KeyDialog
        username={credential.username}
        apiKey={issued?.key ?? null}
        note={issued?.note}
        credential={issued?.credential ?? null}
        onClose={() => setIssued(null)}
      />
    </>
  );
}
