import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { useCan } from "@/lib/session.ts";
import { useBulkAction, type BulkAction } from "../api/bulk-action.ts";

const words: Record<BulkAction, { verb: string; done: string }> = {
  enable: { verb: "Enable", done: "enabled" },
  disable: { verb: "Disable", done: "disabled" },
  delete: { verb: "Delete", done: "deleted" },
};

/** Actions on the selected APIs, each confirmed first. */
export function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const canDelete = useCan("credentials.delete");
  const bulk = useBulkAction();
  const [pending, setPending] = useState<BulkAction | null>(null);
  const count = ids.length === 1 ? "1 API" : `${ids.length} APIs`;
  const actions: BulkAction[] = canDelete ? ["enable", "disable", "delete"] : ["enable", "disable"];
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{count} selected</strong>
      {actions.map((action) => (
        <button key={action} type="button" className={action === "delete" ? "button small danger" : "button small"} onClick={() => setPending(action)}>
          {words[action].verb}
        </button>
      ))}
      <ConfirmDialog
        open={pending !== null}
        onOpenChange={(open) => !open && setPending(null)}
        title={pending ? `${words[pending].verb} ${count}?` : ""}
        confirmLabel={pending ? `${words[pending].verb} ${count}` : ""}
        danger={pending !== "enable"}
        pending={bulk.isPending}
        onConfirm={() =>
          pending &&
          bulk.mutate(
            { action: pending, ids },
            {
              onSuccess: ({ affected }) => {
                toast.success(`${affected === 1 ? "1 API" : `${affected} APIs`} ${words[pending].done}`);
                setPending(null);
                onDone();
              },
              onError: (error) => toast.error(error.message),
            },
          )
        }
      >
        {pending === "delete"
          ? "Integrations using these keys stop working at once, and the keys cannot be restored. Their history is kept."
          : pending === "disable"
            ? "Every call with these keys is refused from the next request on, including open sessions."
            : "These keys work again from the next request on."}
      </ConfirmDialog>
    </div>
  );
}
