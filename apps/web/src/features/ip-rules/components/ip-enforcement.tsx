import type { Credential, IpEnforcement } from "@gatehouse/shared";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { useSetIpEnforcement } from "../api/set-ip-enforcement.ts";

type IpEnforcementProps = {
  credential: Pick<Credential, "id" | "username" | "ipEnforcement">;
  /** Calls of the last 7 days from addresses the saved list does not hold; undefined while loading. */
  wouldBeRefused: number | undefined;
  /** The list on screen differs from the saved one, which is what Enforce would apply. */
  listUnsaved: boolean;
  readOnly: boolean;
};

const callsText = (count: number) => `${count.toLocaleString()} ${count === 1 ? "call" : "calls"}`;

function EnforceWarning({ count }: { count: number | undefined }) {
  if (count === undefined) return <>Counting the last 7 days&apos; calls…</>;
  if (count === 0) return <>Every call of the last 7 days came from an address on the list: none would have been refused.</>;
  return (
    <>
      <strong>{callsText(count)} of the last 7 days would have been refused:</strong> they came from addresses not on the list. From now on, calls like them are
      refused with 403 ip_not_allowed. Add the suggested addresses first if they are your integration&apos;s servers.
    </>
  );
}

/**
 * Enforce or Report only, saved at once (like Disable now). Report only lets an admin learn an
 * integration's addresses from its own calls; before enforcing, the admin sees what it would cut off.
 */
export function IpEnforcementPanel({ credential, wouldBeRefused, listUnsaved, readOnly }: IpEnforcementProps) {
  const [asking, setAsking] = useState<IpEnforcement | null>(null);
  const update = useSetIpEnforcement();
  const hintId = useId();
  const report = credential.ipEnforcement === "report";
  const next: IpEnforcement = report ? "enforce" : "report";
  const save = () =>
    update.mutateAsync({ id: credential.id, ipEnforcement: next }).then(
      () => {
        setAsking(null);
        toast.success(next === "enforce" ? `${credential.username} now refuses addresses not on its list` : `${credential.username} is in Report only`);
      },
      (error: Error) => toast.error(`IP enforcement is not changed: ${error.message}`),
    );
  return (
    <section className={report ? "ip-enforcement banner info" : "ip-enforcement"} aria-labelledby={`${hintId}-title`}>
      <div>
        <h2 id={`${hintId}-title`} className="ip-enforcement-title">
          IP enforcement: {report ? "Report only" : "Enforce"}
        </h2>
        <p>
          {report
            ? "Calls from addresses not on this list are served, and History and Activity mark them “would have been refused”. Switch to Enforce once the list is complete."
            : "Calls from addresses not on this list are refused."}
        </p>
        {!readOnly && report && listUnsaved ? (
          <p className="hint" id={hintId}>
            Save the list first: Enforce applies the saved list.
          </p>
        ) : null}
      </div>
      {readOnly ? null : (
        <button
          type="button"
          className="button small"
          disabled={report && listUnsaved}
          aria-describedby={report && listUnsaved ? hintId : undefined}
          onClick={() => setAsking(next)}
        >
          {report ? "Switch to Enforce" : "Switch to Report only"}
        </button>
      )}
      <ConfirmDialog
        open={asking !== null}
        onOpenChange={(open) => setAsking(open ? next : null)}
        title={next === "enforce" ? `Enforce the allowed IPs of ${credential.username}?` : `Report only for ${credential.username}?`}
        confirmLabel={next === "enforce" ? "Switch to Enforce" : "Switch to Report only"}
        danger={next === "enforce" && (wouldBeRefused ?? 0) > 0}
        pending={update.isPending}
        onConfirm={save}
      >
        {next === "enforce" ? (
          <EnforceWarning count={wouldBeRefused} />
        ) : (
          "Calls from any address are then served; those not on this list are recorded as “would have been refused”. Use it to learn an integration's addresses, then switch back to Enforce."
        )}
      </ConfirmDialog>
    </section>
  );
}
