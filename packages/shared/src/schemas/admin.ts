import { z } from "zod";

export const adminRoles = ["owner", "editor", "viewer"] as const;
export const adminRoleSchema = z.enum(adminRoles, { message: "Choose owner, editor or viewer" });
export type AdminRole = z.infer<typeof adminRoleSchema>;

export const adminUsernameSchema = z
  .string({ message: "Enter a username" })
  .trim()
  .min(3, { message: "Username must be 3–32 characters" })
  .max(32, { message: "Username must be 3–32 characters" })
  .regex(/^[A-Za-z0-9._@-]+$/, { message: "Use only letters, digits and . _ @ -" });

export const passwordSchema = z
  .string({ message: "Enter a password" })
  .min(12, { message: "Password must be at least 12 characters" })
  .max(256, { message: "Password must be at most 256 characters" });

/** The forms have the new password typed twice; only `password` is sent. */
const sameTwice = (value: { password: string; confirm: string }) => value.password === value.confirm;
const notTheSame = { message: "The passwords do not match", path: ["confirm"] };

/** The Set password form (an owner, for another admin). */
export const setPasswordFormSchema = z.object({ password: passwordSchema, confirm: z.string() }).refine(sameTwice, notTheSame);
export type SetPasswordForm = z.infer<typeof setPasswordFormSchema>;

/** An admin's own new password; the current one proves it is them, not someone at a screen left signed in. */
const currentPassword = z
  .string({ message: "Enter your current password" })
  .min(1, { message: "Enter your current password" })
  .max(256, { message: "No password is longer than 256 characters" });
export const changeOwnPasswordSchema = z.object({ currentPassword, password: passwordSchema }).strict();
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordSchema>;
export const changeOwnPasswordFormSchema = z.object({ currentPassword, password: passwordSchema, confirm: z.string() }).refine(sameTwice, notTheSame);
export type ChangeOwnPasswordForm = z.infer<typeof changeOwnPasswordFormSchema>;

export const signInSchema = z.object({
  // The schema's message would otherwise answer an over-long value too ("Enter your username").
  username: z
    .string({ message: "Enter your username" })
    .trim()
    .min(1, { message: "Enter your username" })
    .max(64, { message: "No username is longer than 64 characters" }),
  password: z
    .string({ message: "Enter your password" })
    .min(1, { message: "Enter your password" })
    .max(256, { message: "No password is longer than 256 characters" }),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** What each role may do; the server enforces it, the UI hides what a role cannot do. */
export const permissions = {
  "credentials.read": ["owner", "editor", "viewer"],
  "credentials.write": ["owner", "editor"],
  "credentials.delete": ["owner"],
  "history.read": ["owner", "editor", "viewer"],
  "users.manage": ["owner"],
  "audit.read": ["owner"],
  "webhooks.manage": ["owner"],
} as const satisfies Record<string, readonly AdminRole[]>;
export type Permission = keyof typeof permissions;

export function can(role: AdminRole, permission: Permission): boolean {
  return (permissions[permission] as readonly AdminRole[]).includes(role);
}

export const permissionDenied: Record<Permission, string> = {
  "credentials.read": "You do not have permission to view APIs",
  "credentials.write": "You do not have permission to change APIs",
  "credentials.delete": "You do not have permission to delete APIs",
  "history.read": "You do not have permission to view API history",
  "users.manage": "You do not have permission to manage admin users",
  "audit.read": "You do not have permission to view the audit log",
  "webhooks.manage": "You do not have permission to manage notifications",
};

export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: adminRoleSchema,
  status: z.enum(["enabled", "disabled"]),
  /** Set while failed sign-ins from many addresses keep the account locked; an owner can lift it. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const createAdminUserSchema = z.object({
  username: adminUsernameSchema,
  role: adminRoleSchema,
  password: passwordSchema,
});
export type CreateAdminUserInput = z.infer<typeof createAdminUserSchema>;

export const updateAdminUserSchema = z
  .object({
    role: adminRoleSchema.optional(),
    status: z.enum(["enabled", "disabled"], { message: "Choose enabled or disabled" }).optional(),
    password: passwordSchema.optional(),
    locked: z.literal(false, { message: "An account can only be unlocked here: send locked: false" }).optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: "Nothing to change" });
export type UpdateAdminUserInput = z.infer<typeof updateAdminUserSchema>;

export type CurrentAdmin = {
  user: { id: string; username: string; role: AdminRole };
  permissions: Permission[];
  currentIp: string;
  /**
   * The current IP is most likely a reverse proxy's, not the admin's: a loopback or private peer
   * sent X-Forwarded-For and TRUSTED_PROXIES does not name it. Adding it lets everyone behind it in.
   */
  currentIpIsProxy: boolean;
};
