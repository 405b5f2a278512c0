export * from "./admin-users.ts";
export * from "./audit-log.ts";
export * from "./credentials.ts";
export * from "./history.ts";
export * from "./store.ts";
export * from "./tokens.ts";
export * from "./signature-nonces.ts";
export * from "./webhooks.ts";
