import type { Credential } from "@gatehouse/shared";
import { CopyField, CopyOnceDialog } from "@/components/ui/copy-once-dialog.tsx";
import { KeyScopeSummary } from "./key-scope-summary.tsx";

type KeyDialogProps = {
  username: string;
  apiKey: string | null;
  onClose: () => void;
  /** Shown under the key, e.g. how long the old key keeps working. */
  note?: string | undefined;
  /** The credential the key belongs to: the dialog says what the key may do and from where. */
  credential: Credential | null;
  /** A new hmac signing secret made with the key (Add New): shown once beside it. */
  signingSecret?: string | null | undefined;
};

/** Shows a new API key exactly once, with what it may do (and the signing secret made with it). */
export function KeyDialog({ username, apiKey, onClose, note, credential, signingSecret = null }: KeyDialogProps) {
  const what = signingSecret ? "key and signing secret" : "key";
  return (
    <CopyOnceDialog
      title={`API Key for ${username}`}
      description={
        signingSecret
          ? "Copy this key and signing secret now. They cannot be shown again: Gatehouse keeps only a fingerprint of the key."
          : "Copy this key now. It cannot be shown again: Gatehouse keeps only a fingerprint of it."
      }
      secret={apiKey}
      label="API Key"
      confirmation={`I have copied the ${what} and stored it safely`}
      onClose={onClose}
    >
      {signingSecret ? <SigningSecretPart secret={signingSecret} withTitle /> : null}
      {note ? <p className="hint">{note}</p> : null}
      {credential ? <KeyScopeSummary credential={credential} /> : null}
      <div className="banner warn" role="note">
        Store the {what} in your integration's secret storage or environment, never in code repositories or client-side apps.
      </div>
    </CopyOnceDialog>
  );
}

/** The signing secret's field and what it is for: in the key's dialog, or in one of its own. */
export function SigningSecretPart({ secret, withTitle = false }: { secret: string; withTitle?: boolean }) {
  return (
    <>
      {withTitle ? <h3 className="secret-title">Signing secret (hmac-sha256)</h3> : null}
      <CopyField label="Signing secret" value={secret} />
      <p className="hint">The integration signs every request with it (RFC 9421, gatehouse-v1); the API reference shows how.</p>
    </>
  );
}

/** A new hmac signing secret, shown exactly once (Generate signing secret, or switching to hmac-sha256). */
export function SigningSecretDialog({ username, secret, onClose }: { username: string; secret: string | null; onClose: () => void }) {
  return (
    <CopyOnceDialog
      title={`Signing secret for ${username}`}
      description="Copy this signing secret now. It cannot be shown again."
      secret={secret}
      label="Signing secret"
      confirmation="I have copied the signing secret and stored it safely"
      onClose={onClose}
    >
      <p className="hint">The integration signs every request with it (RFC 9421, gatehouse-v1); the API reference shows how.</p>
      <div className="banner warn" role="note">
        The previous signing secret, if any, no longer works. Store this one in your integration's secret storage or environment.
      </div>
    </CopyOnceDialog>
  );
}
