import { adminRoles, type AdminRole, type AdminUser } from "@gatehouse/shared";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { Loading } from "@/components/ui/loading.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { toast } from "@/components/ui/toaster.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { useSession } from "@/lib/session.ts";
import { useDeleteUser } from "@/features/users/api/delete-user.ts";
import { useUsers } from "@/features/users/api/get-users.ts";
import { useUpdateUser } from "@/features/users/api/update-user.ts";
import { AddUserDialog } from "@/features/users/components/add-user-dialog.tsx";
import { RoleChangeDialog, type RoleChange } from "@/features/users/components/role-change-dialog.tsx";
import { roleLabel } from "@/features/users/components/roles.ts";
import { SetPasswordDialog } from "@/features/users/components/set-password-dialog.tsx";

const showError = (error: Error) => toast.error(error.message);
const isLocked = (user: AdminUser) => user.lockedUntil !== null && Date.parse(user.lockedUntil) > Date.now();

export function UsersPage() {
  const users = useUsers();
  const me = useSession().user;
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<AdminUser | null>(null);
  // The select shows the asked-for role while the dialog asks; closing it shows the saved one again.
  const [roleChange, setRoleChange] = useState<RoleChange | null>(null);
  const [settingPassword, setSettingPassword] = useState<AdminUser | null>(null);
  const unlock = (user: AdminUser) =>
    update.mutate({ id: user.id, locked: false }, { onSuccess: () => toast.success(`${user.username} can sign in again`), onError: showError });
  const toggle = (user: AdminUser) => {
    const status = user.status === "enabled" ? "disabled" : "enabled";
    update.mutate({ id: user.id, status }, { onSuccess: () => toast.success(`${user.username} is ${status}`), onError: showError });
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Admin accounts that can sign in to Gatehouse, and what each may do."
        actions={
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Add user
          </button>
        }
      />
      <div className="card">
        {users.isPending ? (
          <Loading />
        ) : users.isError ? (
          <div className="banner danger">{users.error.message}</div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Date Added</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <strong>{user.username}</strong>
                      {user.id === me.id ? <span className="badge accent"> you</span> : null}
                    </td>
                    <td data-label="Role">
                      <select
                        className="input"
                        aria-label={`Role of ${user.username}`}
                        value={roleChange?.user.id === user.id ? roleChange.role : user.role}
                        onChange={(event) => setRoleChange({ user, role: event.target.value as AdminRole })}
                      >
                        {adminRoles.map((role) => (
                          <option key={role} value={role}>
                            {roleLabel(role)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label="Status">
                      <span className={user.status === "enabled" ? "badge ok" : "badge"}>{user.status === "enabled" ? "Enabled" : "Disabled"}</span>
                      {isLocked(user) ? (
                        <>
                          {" "}
                          <span className="badge danger" title="Too many failed sign-ins from different addresses">
                            Locked until {formatDateTime(user.lockedUntil ?? "")}
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td data-label="Date Added">{formatDateTime(user.createdAt)}</td>
                    <td className="num">
                      {user.id === me.id ? null : (
                        <div className="button-row" style={{ justifyContent: "flex-end" }}>
                          {isLocked(user) ? (
                            <button type="button" className="button small" onClick={() => unlock(user)}>
                              Unlock
                            </button>
                          ) : null}
                          <button type="button" className="button small" onClick={() => setSettingPassword(user)}>
                            Set password
                          </button>
                          <button type="button" className="button small" onClick={() => toggle(user)}>
                            {user.status === "enabled" ? "Disable" : "Enable"}
                          </button>
                          <button type="button" className="button small danger" onClick={() => setDeleting(user)}>
                            Delete
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <AddUserDialog open={adding} onOpenChange={setAdding} />
      <RoleChangeDialog change={roleChange} onClose={() => setRoleChange(null)} />
      <SetPasswordDialog user={settingPassword} onClose={() => setSettingPassword(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.username ?? ""}?`}
        confirmLabel="Delete user"
        danger
        pending={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast.success(`Deleted ${deleting.username}`);
              setDeleting(null);
            },
            onError: showError,
          })
        }
      >
        They are signed out at once and can no longer sign in. Their entries in the audit log stay.
      </ConfirmDialog>
    </>
  );
}
