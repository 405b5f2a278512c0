import * as RadixDialog from "@radix-ui/react-dialog";
import { type ReactNode, useState } from "react";

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

/**
 * An accessible modal dialog (focus trap, Escape, labelled by its title). On closing, the focus
 * goes back to what had it when the dialog opened (the button that opened it), so a keyboard
 * user carries on from there: our dialogs are opened by state, not by a Radix trigger, and Radix
 * would otherwise leave the focus at the top of the page.
 */
export function Dialog({ open, onOpenChange, title, description, children, dismissible = true, wide = false }: DialogProps) {
  // Read as the dialog opens, in the render that opens it: before anything inside (an autoFocus
  // button) takes the focus. Kept through the close, for returnFocus.
  const [opened, setOpened] = useState<{ open: boolean; from: Element | null }>({ open: false, from: null });
  if (open !== opened.open) setOpened({ open, from: open ? document.activeElement : opened.from });
  const block = (event: Event) => {
    if (!dismissible) event.preventDefault();
  };
  const returnFocus = (event: Event) => {
    const target = opened.from;
    // Unless the opener is gone (a deleted row, another page): then Radix's default.
    if (target instanceof HTMLElement && target.isConnected) {
      event.preventDefault();
      target.focus();
    }
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
          onCloseAutoFocus={returnFocus}
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
