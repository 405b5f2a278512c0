import { formatDateTime } from "@/lib/format.ts";

/** Said when unsaved changes came back (after signing in again, or a reload), with a way to drop them. */
export function DraftRestored({ at, onDiscard }: { at: number; onDiscard: () => void }) {
  return (
    <div className="banner info draft-restored" role="status">
      <span>
        Your unsaved changes from {formatDateTime(new Date(at).toISOString())} are back in the form. They are not saved yet: check them and press Save.
      </span>
      <button type="button" className="button small" onClick={onDiscard}>
        Discard changes
      </button>
    </div>
  );
}
