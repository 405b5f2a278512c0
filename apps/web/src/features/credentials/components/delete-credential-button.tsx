import type { Credential } from "@gatehouse/shared";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { paths } from "@/lib/paths.ts";
import { useCan } from "@/lib/session.ts";
import { useDeleteCredential } from "../api/delete-credential.ts";
import { lastUse } from "./last-use.ts";

/**
 * Owners delete; the confirmation names the API and its last use, and suggests disabling first.
 * Other roles do not see it: the spec has the UI hide what a role cannot do.
 */
export function DeleteCredentialButton({ credential, onDeleted }: { credential: Credential; onDeleted?: () => void }) {
  const canDelete = useCan("credentials.delete");
  const [open, setOpen] = useState(false);
  const remove = useDeleteCredential();
  const navigate = useNavigate();
  if (!canDelete) return null;
  return (
    <>
      <button type="button" className="button danger" onClick={() => setOpen(true)}>
        Delete
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${credential.username}?`}
        confirmLabel="Delete API"
        danger
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(credential.id, {
            onSuccess: () => {
              toast.success(`Deleted ${credential.username}`);
              onDeleted?.();
              navigate(paths.apis);
            },
            onError: (error) => toast.error(error.message),
          })
        }
      >
        It {lastUse(credential)}. Any integration still using it stops working at once, and the key cannot be restored. If you are not sure nothing depends on
        it, disable it first and watch its history. Its history is kept.
      </ConfirmDialog>
    </>
  );
}
