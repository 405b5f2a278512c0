import { formatDateTime } from "@/lib/format.ts";
import { fieldLabel } from "./leave-guard.tsx";

type DraftRestoredProps = { at: number; changedOnServer: string[]; onDiscard: () => void };

/**
 * Said when unsaved changes came back (after signing in again, or a reload), with a way to drop
 * them; and which of them were saved differently since, by someone else, which Save would undo.
 */
export function DraftRestored({ at, changedOnServer, onDiscard }: DraftRestoredProps) {
  return (
    <div className={changedOnServer.length > 0 ? "banner warn form-notice" : "banner info form-notice"} role="status">
      <span>
        Your unsaved changes from {formatDateTime(new Date(at).toISOString())} are back in the form. They are not saved yet: check them and press Save.
        {changedOnServer.length > 0
          ? ` Saved differently since then: ${changedOnServer.map(fieldLabel).join(", ")}. Save would replace that with your draft.`
          : null}
      </span>
      <button type="button" className="button small" onClick={onDiscard}>
        Discard changes
      </button>
    </div>
  );
}
