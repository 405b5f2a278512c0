import { fieldLabel } from "./leave-guard.tsx";
import type { ChangedMeanwhile as Changes } from "./use-server-changes.ts";

const listed = (entries: string[]) => entries.join(", ");

/**
 * Said above the form when someone else saved this key while the admin had unsaved changes: the
 * addresses now in (or gone from) their list, and the fields their Save would overwrite.
 */
export function ChangedMeanwhile({ changes, onDismiss }: { changes: Changes; onDismiss: () => void }) {
  const { added, removed } = changes.list;
  return (
    <div className="banner warn form-notice" role="status">
      <span>
        Someone else saved this API while you were editing it.
        {added.length > 0 ? ` Added to your list of IP addresses: ${listed(added)}.` : null}
        {removed.length > 0 ? ` Removed from your list, as they removed it: ${listed(removed)}.` : null}
        {changes.overwritten.length > 0
          ? ` Saved differently meanwhile: ${changes.overwritten.map(fieldLabel).join(", ")}. Save would replace that with yours.`
          : null}{" "}
        Your other changes are kept: check them and press Save.
      </span>
      <button type="button" className="button small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
