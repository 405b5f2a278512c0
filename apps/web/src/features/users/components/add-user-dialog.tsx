import { zodResolver } from "@hookform/resolvers/zod";
import { adminRoles, createAdminUserSchema, type CreateAdminUserInput } from "@gatehouse/shared";
import { useForm, useWatch } from "react-hook-form";
import { Dialog } from "@/components/ui/dialog.tsx";
import { Field } from "@/components/ui/field.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { useCreateUser } from "../api/create-user.ts";
import { roleDescriptions, roleLabel } from "./roles.ts";

export function AddUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateUser();
  const form = useForm<CreateAdminUserInput>({
    resolver: zodResolver(createAdminUserSchema),
    defaultValues: { username: "", role: "viewer", password: "" },
  });
  const submit = form.handleSubmit((values) =>
    create.mutate(values, {
      onSuccess: (user) => {
        toast.success(`Added ${user.username} as ${user.role}`);
        form.reset();
        onOpenChange(false);
      },
      onError: (error) => {
        if (!(error instanceof RequestError)) return;
        for (const [name, message] of Object.entries(error.fields)) {
          form.setError(name as keyof CreateAdminUserInput, { message });
        }
        if (Object.keys(error.fields).length === 0) toast.error(error.message);
      },
    }),
  );
  const errors = form.formState.errors;
  const chosenRole = useWatch({ control: form.control, name: "role" });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Add admin user"
      description="They sign in with this username and password. You can set a new password for them later with Set password."
    >
      <form onSubmit={submit} noValidate>
        <Field label="Username" required error={errors.username?.message}>
          <input className="input" autoComplete="off" {...form.register("username")} />
        </Field>
        <Field label="Role" required error={errors.role?.message} hint={roleDescriptions[chosenRole]}>
          <select className="input" {...form.register("role")}>
            {adminRoles.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Initial password" required error={errors.password?.message} hint="At least 12 characters.">
          <input className="input" type="password" autoComplete="new-password" {...form.register("password")} />
        </Field>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add user"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
