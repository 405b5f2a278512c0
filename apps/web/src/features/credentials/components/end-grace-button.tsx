import type { Credential } from "@gatehouse/shared";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { isConflict } from "@/lib/api-client.ts";
import { useEndGracePeriod } from "../api/end-grace.ts";

/** Once every integration has moved to the new key (or the old one leaked), the old key can stop at once. */
export function EndGraceButton({ credential }: { credential: Credential }) {
  const [open, setOpen] = useState(false);
  const end = useEndGracePeriod();
  return (
    <>
      <button type="button" className="button small" onClick={() => setOpen(true)}>
        End grace period now
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Stop the old key of ${credential.username} now?`}
        confirmLabel="End grace period now"
        danger
        pending={end.isPending}
        // mutateAsync: this button goes away with the grace period, and mutate's callbacks with it.
        onConfirm={() =>
          end.mutateAsync(credential.id).then(
            () => {
              setOpen(false);
              toast.success(`The old key of ${credential.username} no longer works`);
            },
            (error: Error) => {
              if (!isConflict(error)) return toast.error(error.message);
              setOpen(false);
              toast.info(error.message);
            },
          )
        }
      >
        Integrations still using the old key are refused from their next call, open sessions included. The new key keeps working.
      </ConfirmDialog>
    </>
  );
}
