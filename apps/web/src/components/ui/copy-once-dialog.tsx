import { useId, useState, type ReactNode } from "react";
import { Dialog } from "./dialog.tsx";

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

/**
 * Shows a secret exactly once. It cannot be dismissed by accident: it closes only after the
 * admin confirms they have copied it.
 */
export function CopyOnceDialog({ title, description, secret, label, confirmation, onClose, children }: CopyOnceDialogProps) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
      document.getElementById(id)?.focus();
    }
  };
  const close = () => {
    setCopied(false);
    setConfirmed(false);
    onClose();
  };
  return (
    <Dialog open={secret !== null} onOpenChange={() => {}} dismissible={false} wide title={title} description={description}>
      <div className="key-box">
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
        <input id={id} className="input mono key-value" readOnly value={secret ?? ""} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button primary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
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
