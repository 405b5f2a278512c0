import type { CredentialListItem } from "@gatehouse/shared";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { useCan } from "@/lib/session.ts";
import { useBulkAction, type BulkAction } from "../api/bulk-action.ts";
import { bulkWords } from "./bulk-words.ts";
import { lastUse } from "./last-use.ts";

// Delete's confirmation names this many of the selected APIs, then says how many more.
const NAMED = 10;

const countOf = (credentials: CredentialListItem[]) => (credentials.length === 1 ? "1 API" : `${credentials.length} APIs`);

/**
 * Actions on the selected APIs, each confirmed first. The question keeps the APIs it was asked
 * about: the list refetched after the change must not rewrite it while it closes.
 */
export function BulkBar({ selected, onDone }: { selected: CredentialListItem[]; onDone: () => void }) {
  const canDelete = useCan("credentials.delete");
  const bulk = useBulkAction();
  const [asking, setAsking] = useState<{ action: BulkAction; credentials: CredentialListItem[] } | null>(null);
  const actions: BulkAction[] = canDelete ? ["enable", "disable", "delete"] : ["enable", "disable"];
  const confirm = () => {
    if (!asking) return;
    const { action, credentials } = asking;
    bulk.mutate(
      { action, ids: credentials.map((credential) => credential.id) },
      {
        onSuccess: ({ affected }) => {
          toast.success(`${affected === 1 ? "1 API" : `${affected} APIs`} ${bulkWords[action].done}`);
          setAsking(null);
          onDone();
        },
        onError: (error) => toast.error(error.message),
      },
    );
  };
  const question = asking ? `${bulkWords[asking.action].verb} ${countOf(asking.credentials)}` : "";
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{countOf(selected)} selected</strong>
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={action === "delete" ? "button small danger" : "button small"}
          onClick={() => setAsking({ action, credentials: selected })}
        >
          {bulkWords[action].verb}
        </button>
      ))}
      <ConfirmDialog
        open={asking !== null}
        onOpenChange={(open) => !open && setAsking(null)}
        title={`${question}?`}
        confirmLabel={question}
        danger={asking?.action !== "enable"}
        details={asking?.action === "delete" ? <DeleteList credentials={asking.credentials} /> : null}
        pending={bulk.isPending}
        onConfirm={confirm}
      >
        {asking ? bulkWords[asking.action].consequence(asking.credentials.length) : null}
      </ConfirmDialog>
    </div>
  );
}

/** Each API to be deleted with its last use, as the single Delete names one. */
function DeleteList({ credentials }: { credentials: CredentialListItem[] }) {
  const more = credentials.length - NAMED;
  return (
    <ul className="dialog-list" aria-label="APIs to delete">
      {credentials.slice(0, NAMED).map((credential) => (
        <li key={credential.id}>
          <strong>{credential.username}</strong> {lastUse(credential)}
        </li>
      ))}
      {more > 0 ? <li>and {more === 1 ? "1 more API" : `${more} more APIs`}</li> : null}
    </ul>
  );
}
