import type { AdminRole } from "@gatehouse/shared";

export const roleDescriptions: Record<AdminRole, string> = {
  owner: "Everything, including admin users and the audit log.",
  editor: "Create, edit, enable, disable and regenerate APIs; cannot delete them.",
  viewer: "Read-only: sees APIs, history and activity.",
};

/** "Owner", as the Role select shows it. */
export const roleLabel = (role: AdminRole) => role[0]?.toUpperCase() + role.slice(1);

/** "an Owner", "a Viewer". */
export const aRole = (role: AdminRole) => `${role === "viewer" ? "a" : "an"} ${roleLabel(role)}`;
