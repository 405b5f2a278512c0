import { zodResolver } from "@hookform/resolvers/zod";
import { setPasswordFormSchema, type AdminUser, type SetPasswordForm } from "@gatehouse/shared";
import { useForm } from "react-hook-form";
import { Dialog } from "@/components/ui/dialog.tsx";
import { NewPasswordFields } from "@/components/ui/new-password-fields.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { useUpdateUser } from "../api/update-user.ts";

const empty: SetPasswordForm = { password: "", confirm: "" };

/** An owner sets a new password for another admin; the server ends that admin's sessions. */
export function SetPasswordDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const update = useUpdateUser();
  const form = useForm<SetPasswordForm>({ resolver: zodResolver(setPasswordFormSchema), defaultValues: empty });
  const close = () => {
    // A typed password does not wait in the form for the next time it opens.
    form.reset(empty);
    onClose();
  };
  const submit = form.handleSubmit(
    ({ password }) =>
      user &&
      update.mutate(
        { id: user.id, password },
        {
          onSuccess: () => {
            toast.success(`New password set for ${user.username}. They were signed out and sign in with it from now on.`);
            close();
          },
          onError: (error) => {
            if (error instanceof RequestError && error.fields.password) form.setError("password", { message: error.fields.password });
            else toast.error(error.message);
          },
        },
      ),
  );
  const errors = form.formState.errors;
  return (
    <Dialog
      open={user !== null}
      onOpenChange={(open) => !open && close()}
      title={`Set a new password for ${user?.username ?? ""}`}
      description="They are signed out everywhere at once and sign in with the new password from then on."
    >
      <form onSubmit={submit} noValidate>
        <NewPasswordFields
          password={form.register("password")}
          confirm={form.register("confirm")}
          errors={{ password: errors.password?.message, confirm: errors.confirm?.message }}
        />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={update.isPending}>
            {update.isPending ? "Setting…" : "Set password"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
