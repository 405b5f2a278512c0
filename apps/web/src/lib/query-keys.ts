/**
 * The first part of every query key, one per feature. Each feature builds its own keys from its
 * root (features/<x>/api/keys.ts); a feature that must refresh another's data (allowing an address
 * from History changes the API's allow-list) invalidates that feature's root from here, without
 * importing the feature.
 */
export const queryRoots = {
  session: ["session"],
  credentials: ["credentials"],
  history: ["history"],
  users: ["users"],
  auditLog: ["audit-log"],
  openApi: ["openapi"],
  webhooks: ["webhooks"],
} as const;
