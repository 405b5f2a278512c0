import { DESCRIPTION_MAX_LENGTH, KEY_MAX_LENGTH, KEY_MIN_LENGTH, scopeLabels, scopes, type Credential } from "@gatehouse/shared";
import { Controller, type UseFormReturn } from "react-hook-form";
import { SigningFields } from "./signing-fields.tsx";
import { SigningSection } from "./signing-section.tsx";
import { Field } from "@/components/ui/field.tsx";
import type { CredentialFormValues } from "./credential-form.ts";
import { KeyField } from "./key-field.tsx";

type GeneralTabProps = { form: UseFormReturn<CredentialFormValues>; credential: Credential | null; readOnly: boolean };

export function GeneralTab({ form, credential, readOnly }: GeneralTabProps) {
  const errors = form.formState.errors;
  return (
    <fieldset disabled={readOnly} className="plain-fieldset">
      <Field
        label="API Username"
        required
        error={errors.username?.message}
        hint='3–20 letters, digits, "." "_" or "-"; name the integration, e.g. inventory-sync.'
      >
        <input className="input" autoComplete="off" {...form.register("username")} />
      </Field>
      <Field
        label="Used by"
        error={errors.description?.message}
        hint="Which system uses this key and whom to ask about it, e.g. “Warehouse ERP — Sam, IT”. Helps you rotate or delete it safely."
      >
        <input className="input" autoComplete="off" maxLength={DESCRIPTION_MAX_LENGTH} {...form.register("description")} />
      </Field>
      <KeyField credential={credential} readOnly={readOnly} />
      {credential ? null : (
        <Field
          label="Key length"
          error={errors.keyLength?.message}
          hint={`${KEY_MIN_LENGTH}–${KEY_MAX_LENGTH} characters, prefix and checksum included. 64 is plenty; choose more only if a system asks for it.`}
        >
          <input className="input narrow" type="number" inputMode="numeric" min={KEY_MIN_LENGTH} max={KEY_MAX_LENGTH} {...form.register("keyLength")} />
        </Field>
      )}
      <Field
        label="Status"
        error={errors.status?.message}
        hint={
          credential?.status === "enabled" && !readOnly
            ? "A disabled key is refused from the very next call, open sessions included. Saved with the form; to block the key at once, use Disable now."
            : "A disabled key is refused from the very next call, open sessions included."
        }
      >
        <select className="input" {...form.register("status")}>
          <option value="enabled">Enabled</option>
          <option value="disabled">Disabled</option>
        </select>
      </Field>
      <fieldset className="field">
        <legend>Permissions</legend>
        <div className="checkbox-group">
          {scopes.map((scope) => (
            <label key={scope} className="checkbox">
              <input type="checkbox" value={scope} {...form.register("scopes")} />
              <code>{scope}</code> — {scopeLabels[scope]}
            </label>
          ))}
        </div>
        <span className="hint">Give each integration only what it needs. With none, a key can only log in and test its session.</span>
      </fieldset>
      <Field label="Expires" error={errors.expiresAt?.message} hint="Optional. After this moment the key is refused like a disabled one. Your time zone.">
        {readOnly && form.getValues("expiresAt") === "" ? (
          // A viewer sees the answer, not an empty date picker's mm/dd/yyyy mask.
          <input className="input" value="Never" readOnly />
        ) : (
          <input className="input" type="datetime-local" {...form.register("expiresAt")} />
        )}
      </Field>
      <Field label="Rate limit" error={errors.rateLimit?.message} hint="Optional. Requests per minute; more are refused with 429 and Retry-After.">
        <input className="input" inputMode="numeric" placeholder="No limit" {...form.register("rateLimit")} />
      </Field>
      {credential ? (
        <SigningSection credential={credential} readOnly={readOnly} />
      ) : (
        <Controller
          control={form.control}
          name="signingMode"
          render={() => (
            <SigningFields
              value={{ mode: form.watch("signingMode"), alg: form.watch("signingAlg"), publicKey: form.watch("signingPublicKey") }}
              onChange={(value) => {
                form.setValue("signingMode", value.mode, { shouldDirty: true });
                form.setValue("signingAlg", value.alg, { shouldDirty: true });
                form.setValue("signingPublicKey", value.publicKey, { shouldDirty: true });
              }}
              errors={{ mode: errors.signingMode?.message, alg: errors.signingAlg?.message, publicKey: errors.signingPublicKey?.message }}
            />
          )}
        />
      )}
    </fieldset>
  );
}
