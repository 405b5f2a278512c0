import { useId, useState, type ReactNode } from "react";
import { Dialog } from "./dialog.tsx";
import { useAskBeforeUnload } from "@/lib/ask-before-unload.ts";

type CopyOnceDialogProps = {
  title: string;
  description: string;
  /** What is shown; null keeps the dialog closed. */
  secret: string | null;
  /** The secret's name, for its field's label ("API Key", "Signing secret"). */
  label: string;
  /** The checkbox that must be ticked before Done, e.g. "I have copied the key and stored it safely". */
  confirmation: string;
  onClose: () => void;
  children?: ReactNode;
};

/** A secret to copy: a read-only field (labelled for screen readers) and its Copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
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
 * Shows a secret exactly once. It cannot be dismissed by accident: it closes only after the
 * admin confirms they have copied it.
 */
export function CopyOnceDialog({ title, description, secret, label, confirmation, onClose, children }: CopyOnceDialogProps) {
  const [confirmed, setConfirmed] = useState(false);
  // A reload or a closed tab would lose the secret for good: the browser asks first.
  useAskBeforeUnload(secret !== null);
  const close = () => {
    setConfirmed(false);
    onClose();
  };
  return (
    <Dialog open={secret !== null} onOpenChange={() => {}} dismissible={false} wide title={title} description={description}>
      {/* Keyed by the secret: a new one starts with its Copy button unpressed. */}
      {secret ? <CopyField key={secret} label={label} value={secret} /> : null}
      {children}
      <label className="checkbox">
        <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />
        {confirmation}
      </label>
      <div className="dialog-actions">
        <button type="button" className="button primary" disabled={!confirmed} onClick={close}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
