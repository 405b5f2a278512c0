import * as RadixDialog from "@radix-ui/react-dialog";
import { useRef } from "react";

export type UnusableKey = { noAddress: boolean; noPermission: boolean };

/**
 * An enabled key with no allowed address, or no permission, cannot do its job yet. In Report only
 * an empty list refuses nobody (every call is served and marked), so it is no reason to ask.
 */
export function unusableKey(values: { status: string; allowedIps: unknown[]; scopes: unknown[] }, reportOnly = false): UnusableKey | null {
  if (values.status !== "enabled") return null;
  const found = { noAddress: values.allowedIps.length === 0 && !reportOnly, noPermission: values.scopes.length === 0 };
  return found.noAddress || found.noPermission ? found : null;
}

type Choice = "address" | "permissions";

type UnusableKeyDialogProps = {
  problem: UnusableKey | null;
  onClose: () => void;
  onSaveAnyway: () => void;
  /** Called once the dialog has closed, so the field it leads to can take the focus. */
  onFix: (choice: Choice) => void;
};

/**
 * Asked on Save: a key that no address may use, or that may do nothing, is almost always a
 * mistake (in OpenCart an empty list silently blocks everything). Saving anyway stays possible,
 * e.g. to create the key first and add the server's address once it is known.
 * Radix directly rather than ui/dialog: the chosen field takes the focus in onCloseAutoFocus,
 * which would otherwise hand it back to Save after (any) closing animation.
 */
export function UnusableKeyDialog({ problem, onClose, onSaveAnyway, onFix }: UnusableKeyDialogProps) {
  const chosen = useRef<Choice | null>(null);
  const fix = (choice: Choice) => {
    chosen.current = choice;
    onClose();
  };
  const title = problem?.noAddress ? "No address can use this key yet" : "This key may not do anything yet";
  return (
    <RadixDialog.Root open={problem !== null} onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className="dialog wide unusable-key"
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            const choice = chosen.current;
            chosen.current = null;
            if (!choice) return;
            event.preventDefault();
            onFix(choice);
          }}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          <ul className="dialog-list">
            {problem?.noAddress ? <li>Every call with it is refused until you add the address of a server that uses it, on the IP Addresses tab.</li> : null}
            {problem?.noPermission ? <li>It has no permission: it can only log in and test its session, not read or change products or orders.</li> : null}
          </ul>
          <div className="dialog-actions">
            {problem?.noAddress ? (
              <button type="button" className="button primary" onClick={() => fix("address")} autoFocus>
                Add an address
              </button>
            ) : null}
            {problem?.noPermission ? (
              <button
                type="button"
                className={problem.noAddress ? "button" : "button primary"}
                onClick={() => fix("permissions")}
                autoFocus={!problem.noAddress}
              >
                Choose permissions
              </button>
            ) : null}
            <button type="button" className="button" onClick={onSaveAnyway}>
              Save anyway
            </button>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
