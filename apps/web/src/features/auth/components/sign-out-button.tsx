import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { unloadAsked } from "@/lib/ask-before-unload.ts";
import { useUnsavedWork } from "@/lib/unsaved-work.ts";
import { useSignOut } from "../api/sign-out.ts";

/**
 * Signs out, asking first when the open form has unsaved changes: signing out on purpose is
 * leaving it. The draft stays in the tab, as when a session ends, and signing in again there
 * leads back to it.
 */
export function SignOutButton({ className }: { className: string }) {
  const signOut = useSignOut();
  const unsaved = useUnsavedWork();
  const [asking, setAsking] = useState(false);
  // With a draft kept, signing in again leads back to it, as after a session that timed out.
  const leave = () => {
    unloadAsked();
    signOut.mutate(unsaved ? window.location.pathname + window.location.search : null);
  };
  return (
    <>
      <button type="button" className={className} onClick={() => (unsaved ? setAsking(true) : leave())} disabled={signOut.isPending}>
        Sign out
      </button>
      <ConfirmDialog
        open={asking && unsaved !== null}
        onOpenChange={setAsking}
        title="Sign out without saving?"
        confirmLabel="Sign out without saving"
        danger
        pending={signOut.isPending}
        onConfirm={leave}
        details={
          unsaved?.warning ? (
            <p className="banner warn" role="note">
              {unsaved.warning}
            </p>
          ) : null
        }
      >
        {unsaved && unsaved.changes.length > 0 ? `Not saved yet: ${unsaved.changes.join(", ")}.` : "Your changes are not saved yet."} This tab keeps them as a
        draft, offered again when you sign in here.
      </ConfirmDialog>
    </>
  );
}
