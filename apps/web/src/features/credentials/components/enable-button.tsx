import type { Credential } from "@gatehouse/shared";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { hasExpired } from "@/lib/expiry.ts";
import { useUpdateCredential } from "../api/update-credential.ts";

type EnableProps = { credential: Pick<Credential, "id" | "username" | "expiresAt">; onEnabled: (saved: Credential) => void };

// An expired key is refused whatever its status: enabling it alone does not bring it back.
const EXPIRED_TOO = "It has expired as well: its calls stay refused until Expires is changed and saved.";

/**
 * Disable now's counterpart on the key's page: enables the key alone, whatever else the form
 * holds. It asks first: a key is often disabled because it leaked.
 */
export function EnableButton({ credential, onEnabled }: EnableProps) {
  // When the question was asked: whether the key has expired is read then, to the second.
  const [askedAt, setAskedAt] = useState<number | null>(null);
  const setOpen = (open: boolean) => setAskedAt(open ? Date.now() : null);
  const update = useUpdateCredential();
  // mutateAsync, as Disable now: the button goes away once the key shows enabled.
  const enable = () =>
    update.mutateAsync({ id: credential.id, status: "enabled" }).then(
      (saved) => {
        setOpen(false);
        if (hasExpired(saved.expiresAt, Date.now())) toast.warning(`${saved.username} is enabled. ${EXPIRED_TOO}`);
        else toast.success(`${saved.username} is enabled: its key works again from its allowed addresses`);
        onEnabled(saved);
      },
      (error: Error) => toast.error(`${credential.username} is not enabled: ${error.message}`),
    );
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Enable
      </button>
      <ConfirmDialog
        open={askedAt !== null}
        onOpenChange={setOpen}
        title={`Enable ${credential.username}?`}
        confirmLabel="Enable"
        pending={update.isPending}
        onConfirm={enable}
      >
        {hasExpired(credential.expiresAt, askedAt ?? 0) ? EXPIRED_TOO : "Calls with this key are served again from its allowed addresses."} If it was disabled
        because its key leaked, regenerate the key first. Other changes in this form stay here, not saved.
      </ConfirmDialog>
    </>
  );
}
