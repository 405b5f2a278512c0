import { zodResolver } from "@hookform/resolvers/zod";
import { changeOwnPasswordFormSchema, type ChangeOwnPasswordForm } from "@gatehouse/shared";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Dialog } from "@/components/ui/dialog.tsx";
import { Field } from "@/components/ui/field.tsx";
import { NewPasswordFields } from "@/components/ui/new-password-fields.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { useChangeOwnPassword } from "../api/change-password.ts";

const empty: ChangeOwnPasswordForm = { currentPassword: "", password: "", confirm: "" };

/** Any admin changes their own password: the current one first; their other sessions end. */
export function ChangePasswordButton({ className }: { className: string }) {
  const [open, setOpen] = useState(false);
  const change = useChangeOwnPassword();
  const form = useForm<ChangeOwnPasswordForm>({ resolver: zodResolver(changeOwnPasswordFormSchema), defaultValues: empty });
  const close = () => {
    // Typed passwords do not wait in the form for the next time it opens.
    form.reset(empty);
    setOpen(false);
  };
  const submit = form.handleSubmit(({ currentPassword, password }) =>
    change.mutate(
      { currentPassword, password },
      {
        onSuccess: () => {
          toast.success("Password changed. Your other sessions were signed out.");
          close();
        },
        onError: (error) => {
          const fields = error instanceof RequestError ? error.fields : {};
          if (fields.currentPassword) form.setError("currentPassword", { message: fields.currentPassword });
          else if (fields.password) form.setError("password", { message: fields.password });
          else toast.error(error.message);
        },
      },
    ),
  );
  const errors = form.formState.errors;
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        Change password
      </button>
      <Dialog
        open={open}
        onOpenChange={(next) => (next ? setOpen(true) : close())}
        title="Change your password"
        description="Your other sessions are signed out; this one stays signed in."
      >
        <form onSubmit={submit} noValidate>
          <Field label="Current password" required error={errors.currentPassword?.message}>
            <input className="input" type="password" autoComplete="current-password" {...form.register("currentPassword")} />
          </Field>
          <NewPasswordFields
            password={form.register("password")}
            confirm={form.register("confirm")}
            errors={{ password: errors.password?.message, confirm: errors.confirm?.message }}
          />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={change.isPending}>
              {change.isPending ? "Changing…" : "Change password"}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
