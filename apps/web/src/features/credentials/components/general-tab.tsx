import { scopeLabels, scopes, type Credential } from "@gatehouse/shared";
import type { UseFormReturn } from "react-hook-form";
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
      <KeyField credential={credential} readOnly={readOnly} />
      <Field label="Status" error={errors.status?.message} hint="A disabled key is refused from the very next call, open sessions included.">
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
        <input className="input" type="datetime-local" {...form.register("expiresAt")} />
      </Field>
      <Field label="Rate limit" error={errors.rateLimit?.message} hint="Optional. Requests per minute; more are refused with 429 and Retry-After.">
        <input className="input" inputMode="numeric" placeholder="No limit" {...form.register("rateLimit")} />
      </Field>
    </fieldset>
  );
}
