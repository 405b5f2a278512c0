import { formatDateTime } from "@/lib/format.ts";
import { fieldLabel } from "./leave-guard.tsx";

type DraftRestoredProps = { at: number; changedOnServer: string[]; onDiscard: () => void };

/**
 * Said when unsaved changes came back (after signing in again, or a reload), with a way to drop
 * them; and which of them were saved differently since, by someone else, which Save would undo.
 */
export function DraftRestored({ at, changedOnServer, onDiscard }: DraftRestoredProps) {
  // An edited IP list is merged with the one saved since (form-draft.ts), not replaced.
  const overwritten = changedOnServer.filter((name) => name !== "allowedIps");
  return (
    <div className={changedOnServer.length > 0 ? "banner warn form-notice" : "banner info form-notice"} role="status">
      <span>
        Your unsaved changes from {formatDateTime(new Date(at).toISOString())} are back in the form. They are not saved yet: check them and press Save.
        {overwritten.length > 0 ? ` Saved differently since then: ${overwritten.map(fieldLabel).join(", ")}. Save would replace that with your draft.` : null}
        {changedOnServer.includes("allowedIps") ? " The IP addresses saved since then are merged into your list: check it." : null}
      </span>
      <button type="button" className="button small" onClick={onDiscard}>
        Discard changes
      </button>
    </div>
  );
}
