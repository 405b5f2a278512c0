import type { SigningAlg, SigningMode } from "@gatehouse/shared";
import { Field } from "@/components/ui/field.tsx";

export type SigningValue = { mode: SigningMode; alg: SigningAlg; publicKey: string };
export type SigningErrors = { mode?: string | undefined; alg?: string | undefined; publicKey?: string | undefined };

const modeHints: Record<SigningMode, string> = {
  off: "Calls are not signed; signature headers are ignored.",
  optional: "A signed call is checked, and a valid signature alone authenticates it; unsigned calls still work.",
  required: "Every call of this key must be signed (RFC 9421, gatehouse-v1), login and Basic included: a stolen token or a replayed request is useless.",
};

type SigningFieldsProps = {
  value: SigningValue;
  onChange: (value: SigningValue) => void;
  errors: SigningErrors;
  /** The key already registered, shown so the admin knows pasting again is not needed. */
  registeredKey?: string | null;
};

/** Mode, algorithm and (for ed25519) the integration's public key: Add New's fields and the General tab's section alike. */
export function SigningFields({ value, onChange, errors, registeredKey }: SigningFieldsProps) {
  const set = (change: Partial<SigningValue>) => onChange({ ...value, ...change });
  return (
    <div className="signing-fields">
      <Field label="Request signing" error={errors.mode} hint={modeHints[value.mode]}>
        <select className="input" value={value.mode} onChange={(event) => set({ mode: event.target.value as SigningMode })}>
          <option value="off">Off</option>
          <option value="optional">Optional</option>
          <option value="required">Required</option>
        </select>
      </Field>
      {value.mode === "off" ? null : (
        <Field
          label="Signing algorithm"
          error={errors.alg}
          hint={
            value.alg === "ed25519"
              ? "The integration keeps its private key; Gatehouse holds only the public key."
              : "Gatehouse generates a signing secret, shown once; the integration signs with it."
          }
        >
          <select className="input" value={value.alg} onChange={(event) => set({ alg: event.target.value as SigningAlg })}>
            <option value="ed25519">ed25519 (public key)</option>
            <option value="hmac-sha256">hmac-sha256 (shared secret)</option>
          </select>
        </Field>
      )}
      {value.mode !== "off" && value.alg === "ed25519" ? (
        <Field
          label="Public key"
          error={errors.publicKey}
          hint={
            registeredKey ? "A key is registered. Paste a new one only to replace it." : "PEM (-----BEGIN PUBLIC KEY-----) or JWK. Never paste the private key."
          }
        >
          <textarea
            className="input mono"
            rows={4}
            spellCheck={false}
            value={value.publicKey}
            placeholder={"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----"}
            onChange={(event) => set({ publicKey: event.target.value })}
          />
        </Field>
      ) : null}
    </div>
  );
}
