import type { AdminRole, AdminUser } from "@gatehouse/shared";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { useUpdateUser } from "../api/update-user.ts";
import { aRole, roleDescriptions, roleLabel } from "./roles.ts";

export type RoleChange = { user: AdminUser; role: AdminRole };

/**
 * Asks before a role is saved: a select fires on every arrow key, and two presses on a viewer's
 * select made them an owner. One request per confirmed change.
 */
export function RoleChangeDialog({ change, onClose }: { change: RoleChange | null; onClose: () => void }) {
  const update = useUpdateUser();
  const toOwner = change?.role === "owner";
  const title = !change
    ? ""
    : toOwner
      ? `Make ${change.user.username} ${aRole("owner")}?`
      : `Change ${change.user.username} from ${roleLabel(change.user.role)} to ${roleLabel(change.role)}?`;
  const confirm = () => {
    if (!change) return;
    const { user, role } = change;
    update.mutate(
      { id: user.id, role },
      {
        onSuccess: () => {
          toast.success(`${user.username} is now ${aRole(role)}`);
          onClose();
        },
        onError: (error) => toast.error(error.message),
      },
    );
  };
  return (
    <ConfirmDialog
      open={change !== null}
      onOpenChange={(open) => !open && onClose()}
      title={title}
      confirmLabel={toOwner ? "Make Owner" : "Change role"}
      pending={update.isPending}
      onConfirm={confirm}
    >
      {change ? <RoleChangeText change={change} /> : null}
    </ConfirmDialog>
  );
}

function RoleChangeText({ change: { user, role } }: { change: RoleChange }) {
  if (role === "owner") {
    return <>An Owner can do everything, including admin users and the audit log: add and delete admins, set their roles and passwords, and delete APIs.</>;
  }
  const lost = user.role === "owner" ? "They can no longer manage admin users or read the audit log. " : "";
  return (
    <>
      {lost}
      {roleLabel(role)}: {roleDescriptions[role]} It applies at once, in sessions already open too.
    </>
  );
}
