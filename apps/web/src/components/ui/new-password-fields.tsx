import type { UseFormRegisterReturn } from "react-hook-form";
import { Field } from "./field.tsx";

type NewPasswordProps = {
  password: UseFormRegisterReturn;
  confirm: UseFormRegisterReturn;
  errors: { password?: string | undefined; confirm?: string | undefined };
};

/** A new admin password typed twice (Set password, Change password): one rule, one look. */
export function NewPasswordFields({ password, confirm, errors }: NewPasswordProps) {
  return (
    <>
      <Field label="New password" required error={errors.password} hint="At least 12 characters.">
        <input className="input" type="password" autoComplete="new-password" {...password} />
      </Field>
      <Field label="Confirm password" required error={errors.confirm}>
        <input className="input" type="password" autoComplete="new-password" {...confirm} />
      </Field>
    </>
  );
}
