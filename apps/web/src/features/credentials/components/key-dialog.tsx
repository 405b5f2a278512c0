import type { Credential } from "@gatehouse/shared";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog.tsx";
import { KeyScopeSummary } from "./key-scope-summary.tsx";

type KeyDialogProps = {
  username: string;
  apiKey: string | null;
  onClose: () => void;
  /** Shown under the key, e.g. how long the old key keeps working. */
  note?: string | undefined;
  /** The credential the key belongs to: the dialog says what the key may do and from where. */
  credential: Credential | null;
  /** A new hmac signing secret, shown once beside the key (Add New) or alone (General tab). */
  signingSecret?: string | null | undefined;
};

/** One secret to copy: a read-only field and its Copy button. */
function SecretBox({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
      document.getElementById(id)?.focus();
    }
  };
  return (
    <div className="key-box">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} className="input mono key-value" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
      <button type="button" className="button primary" onClick={copy}>
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

/**
 * Shows a new key exactly once. It cannot be dismissed by accident: it closes only after the
 * admin confirms they have copied the key.
 */
export function KeyDialog({ username, apiKey, onClose, note, credential, signingSecret = null }: KeyDialogProps) {
  const [confirmed, setConfirmed] = useState(false);
  const close = () => {
    setConfirmed(false);
    onClose();
  };
  const what = apiKey && signingSecret ? "key and signing secret" : apiKey ? "key" : "signing secret";
  return (
    <Dialog
      open={apiKey !== null || signingSecret !== null}
      onOpenChange={() => {}}
      dismissible={false}
      wide
      title={apiKey ? `API Key for ${username}` : `Signing secret for ${username}`}
      description={`Copy this ${what} now. ${apiKey && signingSecret ? "They" : "It"} cannot be shown again${apiKey ? ": Gatehouse keeps only a fingerprint of the key" : ""}.`}
    >
      {apiKey ? <SecretBox id="new-api-key" label="API Key" value={apiKey} /> : null}
      {signingSecret ? (
        <>
          {apiKey ? <h3 className="secret-title">Signing secret (hmac-sha256)</h3> : null}
          <SecretBox id="new-signing-secret" label="Signing secret" value={signingSecret} />
          <p className="hint">The integration signs every request with it (RFC 9421, gatehouse-v1); the API reference shows how.</p>
        </>
      ) : null}
      {note ? <p className="hint">{note}</p> : null}
      {credential ? <KeyScopeSummary credential={credential} /> : null}
      <div className="banner warn" role="note">
        Store the {what} in your integration's secret storage or environment, never in code repositories or client-side apps.
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />I have copied the {what} and stored it safely
      </label>
      <div className="dialog-actions">
        <button type="button" className="button primary" disabled={!confirmed} onClick={close}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
