import type { Credential, SigningInput } from "@gatehouse/shared";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { SigningSecretDialog } from "./key-dialog.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { useRegenerateSigningSecret, useSetSigning } from "../api/set-signing.ts";
import { publicKeyProblem } from "./public-key-shape.ts";
import { type SigningErrors, SigningFields, type SigningValue } from "./signing-fields.tsx";

const valueOf = (credential: Credential): SigningValue => ({ mode: credential.signing.mode, alg: credential.signing.alg ?? "ed25519", publicKey: "" });

/** The JWK's x, shortened: enough to tell one registered key from another. */
const fingerprint = (jwk: string) => {
  try {
    const x = (JSON.parse(jwk) as { x?: string }).x ?? "";
    return `${x.slice(0, 10)}…${x.slice(-6)}`;
  } catch {
    return "registered";
  }
};

/**
 * The General tab's Request signing section: saved on its own (audited like every change), so the
 * rest of the form keeps its unsaved edits. A new hmac signing secret is shown once, in the same
 * copy-once dialog as keys.
 */
export function SigningSection({ credential, readOnly }: { credential: Credential; readOnly: boolean }) {
  const [value, setValue] = useState<SigningValue>(() => valueOf(credential));
  const [errors, setErrors] = useState<SigningErrors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const save = useSetSigning();
  const regenerate = useRegenerateSigningSecret();
  const titleId = useId();
  const { signing } = credential;
  const changed = value.mode !== signing.mode || (value.mode !== "off" && value.alg !== signing.alg) || value.publicKey.trim() !== "";

  const submit = () => {
    const needsKey =
      value.mode !== "off" && value.alg === "ed25519" && (value.publicKey.trim() !== "" || signing.publicKey === null || signing.alg !== "ed25519");
    const problem = needsKey ? publicKeyProblem(value.publicKey) : null;
    if (problem) return setErrors({ publicKey: problem });
    setErrors({});
    const input: SigningInput = {
      mode: value.mode,
      ...(value.mode === "off" ? {} : { alg: value.alg }),
      ...(value.mode !== "off" && value.alg === "ed25519" && value.publicKey.trim() !== "" ? { publicKey: value.publicKey } : {}),
    };
    save.mutate(
      { id: credential.id, ...input },
      {
        onSuccess: (result) => {
          setValue(valueOf(result.credential));
          if ("signingSecret" in result && typeof result.signingSecret === "string") setSecret(result.signingSecret);
          toast.success(`Request signing of ${credential.username}: ${result.credential.signing.mode}`);
        },
        onError: (error) => {
          if (error instanceof RequestError && Object.keys(error.fields).length > 0) return setErrors(error.fields);
          toast.error(`Request signing is not changed: ${error.message}`);
        },
      },
    );
  };

  return (
    <section className="signing-section" aria-labelledby={titleId}>
      <h2 id={titleId} className="signing-title">
        Request signing
      </h2>
      <p className="hint">
        {signing.mode === "off"
          ? "Off: calls are authenticated by key or token only."
          : `${signing.mode === "required" ? "Required" : "Optional"}, ${signing.alg}${
              signing.alg === "ed25519" && signing.publicKey
                ? ` (public key ${fingerprint(signing.publicKey)})`
                : signing.secretPrefix
                  ? ` (signing secret ${signing.secretPrefix}…)`
                  : ""
            }. See the API reference for the profile and a worked example.`}
      </p>
      {readOnly ? null : (
        <>
          <SigningFields value={value} onChange={setValue} errors={errors} registeredKey={signing.alg === "ed25519" ? signing.publicKey : null} />
          <div className="button-row">
            <button type="button" className="button" disabled={!changed || save.isPending} onClick={submit}>
              {save.isPending ? "Saving…" : "Save request signing"}
            </button>
            {signing.alg === "hmac-sha256" && signing.mode !== "off" ? (
              <button type="button" className="button" disabled={regenerate.isPending} onClick={() => setConfirmReplace(true)}>
                Generate signing secret
              </button>
            ) : null}
          </div>
        </>
      )}
      <ConfirmDialog
        open={confirmReplace}
        onOpenChange={setConfirmReplace}
        title={`Replace the signing secret of ${credential.username}?`}
        confirmLabel="Generate new secret"
        danger
        pending={regenerate.isPending}
        onConfirm={() =>
          regenerate.mutate(credential.id, {
            onSuccess: (result) => {
              setConfirmReplace(false);
              setSecret(result.signingSecret);
            },
            onError: (error) => toast.error(`No new signing secret: ${error.message}`),
          })
        }
      >
        The current secret stops working at once: calls signed with it are refused until the integration signs with the new one, which is shown once.
      </ConfirmDialog>
      <SigningSecretDialog username={credential.username} secret={secret} onClose={() => setSecret(null)} />
    </section>
  );
}
