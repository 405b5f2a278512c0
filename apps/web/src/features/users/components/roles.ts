import type { AdminRole } from "@gatehouse/shared";

export const roleDescriptions: Record<AdminRole, string> = {
  owner: "Everything, including admin users and the audit log.",
  editor: "Create, edit, enable, disable and regenerate APIs; cannot delete them.",
  viewer: "Read-only: sees APIs, history and activity.",
};
