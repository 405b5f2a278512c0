import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";

type DialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** When false, Escape and clicks outside do not close it (the copy-once key dialog). */
  dismissible?: boolean;
  wide?: boolean;
};

/** An accessible modal dialog (focus trap, Escape, labelled by its title). */
export function Dialog({ open, onOpenChange, title, description, children, dismissible = true, wide = false }: DialogProps) {
  const block = (event: Event) => {
    if (!dismissible) event.preventDefault();
  };
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={wide ? "dialog wide" : "dialog"}
          onEscapeKeyDown={block}
          onPointerDownOutside={block}
          onInteractOutside={block}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description> : null}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

type ConfirmProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  /** Shown under the description: a list has no place inside its paragraph. */
  details?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  onConfirm: () => void;
};

/** Asks before a change that cannot be undone; the safe choice has the focus. */
export function ConfirmDialog({ open, onOpenChange, title, children, details, confirmLabel, danger, pending, onConfirm }: ConfirmProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={children}>
      {details}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => onOpenChange(false)} autoFocus>
          Cancel
        </button>
        {/* A double-click's second click (detail 2) comes before `pending` is rendered: it would send the change twice. */}
        <button type="button" className={danger ? "button danger" : "button primary"} disabled={pending} onClick={(event) => event.detail < 2 && onConfirm()}>
          {pending ? "Working…" : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
