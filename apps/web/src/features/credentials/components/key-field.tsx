import type { Credential } from "@gatehouse/shared";
import { useState } from "react";
import { formatDateTime } from "@/lib/format.ts";
import { useNow } from "@/lib/use-now.ts";
import { EndGraceButton } from "./end-grace-button.tsx";
import { KeyAge } from "./key-age.tsx";
import { RegenerateDialog } from "./regenerate-dialog.tsx";

/** New: says a key will be generated. Existing: the prefix, the key's age, Regenerate key, and the old key's grace. */
export function KeyField({ credential, readOnly }: { credential: Credential | null; readOnly: boolean }) {
  const [regenerating, setRegenerating] = useState(false);
  const now = useNow();
  const graceUntil = credential?.previousKeyExpiresAt ?? null;
  const inGrace = graceUntil !== null && Date.parse(graceUntil) > now;
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
            Key <KeyAge issuedAt={credential.keyIssuedAt} />. Only the first characters are kept for display; the full key was shown once when it was made.
          </span>
          {inGrace ? (
            <div className="grace-note" role="status">
              <span>
                {credential.status === "enabled"
                  ? `The previous key still works until ${formatDateTime(graceUntil)}.`
                  : `Disabled: neither this key nor the previous one works. Enabled before ${formatDateTime(graceUntil)}, the previous key works until then.`}
              </span>
              {readOnly ? null : <EndGraceButton credential={credential} />}
            </div>
          ) : null}
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
