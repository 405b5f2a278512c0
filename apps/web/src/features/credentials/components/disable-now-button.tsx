import type { Credential } from "@gatehouse/shared";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { useUpdateCredential } from "../api/update-credential.ts";

type DisableNowProps = {
  credential: Pick<Credential, "id" | "username">;
  /** On the key's page: other changes in the form stay there, unsaved. */
  formOpen?: boolean;
  small?: boolean;
  onDisabled?: (saved: Credential) => void;
};

/**
 * The urgent case (a leaked key): disables the key at once, whatever else is being edited, so
 * blocking it never waits on a form that also has to be right.
 */
export function DisableNowButton({ credential, formOpen = false, small = false, onDisabled }: DisableNowProps) {
  const [open, setOpen] = useState(false);
  const update = useUpdateCredential();
  // mutateAsync: the button goes away as soon as the key shows disabled, and mutate's own
  // callbacks would go with it (no toast, and the form's Status would not follow).
  const disable = () =>
    update.mutateAsync({ id: credential.id, status: "disabled" }).then(
      (saved) => {
        setOpen(false);
        toast.success(`${saved.username} is disabled: every call with its key is refused from now on`);
        onDisabled?.(saved);
      },
      (error: Error) => toast.error(`${credential.username} is not disabled: ${error.message}`),
    );
  return (
    <>
      <button
        type="button"
        className={small ? "button small danger-outline" : "button danger-outline"}
        // In the list every row has one: the name says which key it stops.
        aria-label={small ? `Disable now: ${credential.username}` : undefined}
        onClick={() => setOpen(true)}
      >
        Disable now
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Disable ${credential.username} now?`}
        confirmLabel="Disable now"
        danger
        pending={update.isPending}
        onConfirm={disable}
      >
        Every call with this key is refused from the next request on, open sessions included. You can enable it again later.
        {formOpen ? " Other changes in this form stay here, not saved." : ""}
      </ConfirmDialog>
    </>
  );
}
