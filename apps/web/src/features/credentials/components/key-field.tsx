import type { Credential } from "@gatehouse/shared";
import { useState } from "react";
import { formatDateTime } from "@/lib/format.ts";
import { RegenerateDialog } from "./regenerate-dialog.tsx";

/** New: says a key will be generated. Existing: shows only the prefix, and offers Regenerate key. */
export function KeyField({ credential, readOnly }: { credential: Credential | null; readOnly: boolean }) {
  const [regenerating, setRegenerating] = useState(false);
  return (
    <div className="field">
      <span className="field-label" id="api-key-label">
        API Key
      </span>
      {credential ? (
        <>
          <div className="key-prefix" aria-labelledby="api-key-label">
            <code>{credential.keyPrefix}••••••••••••••••</code>
            {readOnly ? null : (
              <button type="button" className="button small" onClick={() => setRegenerating(true)}>
                Regenerate key
              </button>
            )}
          </div>
          <span className="hint">
            Only the first characters are kept for display; the full key was shown once when it was made.
            {credential.previousKeyExpiresAt ? ` The previous key still works until ${formatDateTime(credential.previousKeyExpiresAt)}.` : ""}
          </span>
          <RegenerateDialog credential={credential} open={regenerating} onOpenChange={setRegenerating} />
        </>
      ) : (
        <span className="hint" aria-labelledby="api-key-label">
          A secure key is generated when you save. You will see it once, to copy it.
        </span>
      )}
    </div>
  );
}
