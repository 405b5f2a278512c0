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
};

/**
 * Shows a new key exactly once. It cannot be dismissed by accident: it closes only after the
 * admin confirms they have copied the key.
 */
export function KeyDialog({ username, apiKey, onClose, note, credential }: KeyDialogProps) {
  const [copied, setCopied] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const copy = async () => {
    if (!apiKey) return;
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied(true);
    } catch {
      setCopied(false);
      document.getElementById("new-api-key")?.focus();
    }
  };
  const close = () => {
    setCopied(false);
    setConfirmed(false);
    onClose();
  };
  return (
    <Dialog
      open={apiKey !== null}
      onOpenChange={() => {}}
      dismissible={false}
      wide
      title={`API Key for ${username}`}
      description="Copy this key now. It cannot be shown again: Gatehouse keeps only a fingerprint of it."
    >
      <div className="key-box">
        <label htmlFor="new-api-key" className="visually-hidden">
          API Key
        </label>
        <input id="new-api-key" className="input mono key-value" readOnly value={apiKey ?? ""} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button primary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {note ? <p className="hint">{note}</p> : null}
      {credential ? <KeyScopeSummary credential={credential} /> : null}
      <div className="banner warn" role="note">
        Store the key in your integration's secret storage or environment, never in code repositories or client-side apps.
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />I have copied the key and stored it safely
      </label>
      <div className="dialog-actions">
        <button type="button" className="button primary" disabled={!confirmed} onClick={close}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
