/** Every route of the admin app, in one place. */
export const paths = {
  home: "/",
  signIn: "/sign-in",
  apis: "/apis",
  newApi: "/apis/new",
  api: (id: string) => `/apis/${encodeURIComponent(id)}`,
  activity: "/activity",
  users: "/users",
  auditLog: "/audit-log",
  notifications: "/settings/notifications",
  apiReference: "/docs/api",
} as const;
