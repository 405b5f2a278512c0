import type { Credential } from "@gatehouse/shared";
import { CopyOnceDialog } from "@/components/ui/copy-once-dialog.tsx";
import { KeyScopeSummary } from "./key-scope-summary.tsx";

type KeyDialogProps = {
  username: string;
  apiKey: string | null;
  onClose: () => void;
  /** Shown under the key, e.g. how long the old key keeps working. */
  note?: string | undefined;
  /** The credential the key belongs to: the dialog says what the key may do and from where. */
  credential: Credential | null;
};

/** Shows a new API key exactly once, with what it may do. */
export function KeyDialog({ username, apiKey, onClose, note, credential }: KeyDialogProps) {
  return (
    <CopyOnceDialog
      title={`API Key for ${username}`}
      description="Copy this key now. It cannot be shown again: Gatehouse keeps only a fingerprint of it."
      secret={apiKey}
      label="API Key"
      confirmation="I have copied the key and stored it safely"
      onClose={onClose}
    >
      {note ? <p className="hint">{note}</p> : null}
      {credential ? <KeyScopeSummary credential={credential} /> : null}
      <div className="banner warn" role="note">
        Store the key in your integration's secret storage or environment, never in code repositories or client-side apps.
      </div>
    </CopyOnceDialog>
  );
}
