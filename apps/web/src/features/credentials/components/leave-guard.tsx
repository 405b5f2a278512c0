import { useRef } from "react";
import { useBlocker } from "react-router";
import { Dialog } from "@/components/ui/dialog.tsx";
import { useAskBeforeUnload } from "@/lib/ask-before-unload.ts";
import { paths } from "@/lib/paths.ts";

/**
 * Asks before a changed form is left: in the app (links, Cancel, Back) and by closing or reloading
 * the tab. Switching tabs (a change of ?tab= only) is not leaving. Being sent to sign in when the
 * session ends is not asked about: the draft is kept and restored after signing in again.
 */
export function useLeaveGuard(changed: boolean) {
  // Set just before leaving on purpose (after a delete), so the guard lets that one navigation go.
  const leaving = useRef(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      changed && !leaving.current && currentLocation.pathname !== nextLocation.pathname && nextLocation.pathname !== paths.signIn,
  );
  useAskBeforeUnload(changed);
  return { blocker, leaveOnPurpose: () => (leaving.current = true) };
}

type LeaveDialogProps = {
  blocker: ReturnType<typeof useLeaveGuard>["blocker"];
  /** What is unsaved, in the form's words ("Status", "IP Addresses"). */
  changes: string[];
  /** Said when the unsaved change is the one that would have blocked the key. */
  warning: string | null;
  onLeave: () => void;
};

export function LeaveDialog({ blocker, changes, warning, onLeave }: LeaveDialogProps) {
  return (
    <Dialog
      open={blocker.state === "blocked"}
      onOpenChange={(open) => !open && blocker.reset?.()}
      title="Leave without saving?"
      description={changes.length > 0 ? `Not saved yet: ${changes.join(", ")}.` : "Your changes are not saved yet."}
    >
      {warning ? (
        <p className="banner warn" role="note">
          {warning}
        </p>
      ) : null}
      <div className="dialog-actions">
        {/* The safe choice has the focus. */}
        <button type="button" className="button primary" onClick={() => blocker.reset?.()} autoFocus>
          Stay on this page
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => {
            onLeave();
            blocker.proceed?.();
          }}
        >
          Leave without saving
        </button>
      </div>
    </Dialog>
  );
}

const fieldLabels: Record<string, string> = {
  username: "API Username",
  description: "Used by",
  status: "Status",
  scopes: "Permissions",
  expiresAt: "Expires",
  rateLimit: "Rate limit",
  keyLength: "Key length",
  allowedIps: "IP Addresses",
};

/**
 * What the leave question lists, and the one warning that matters most: a Status of Disabled
 * that was never saved leaves the key working (the compromised-key case).
 */
/** A form field's name as the form shows it ("rateLimit" → "Rate limit"). */
export const fieldLabel = (name: string) => fieldLabels[name] ?? name;

export function unsavedChanges(dirty: Record<string, unknown>, status: string, credential: { status: string } | null) {
  const changes = Object.keys(dirty)
    .filter((name) => dirty[name])
    .map(fieldLabel);
  const keyStillWorks = credential?.status === "enabled" && Boolean(dirty.status) && status === "disabled";
  return {
    changes,
    warning: keyStillWorks ? "This key is still enabled: Status was changed but not saved. To block it at once, stay and use Disable now." : null,
  };
}
