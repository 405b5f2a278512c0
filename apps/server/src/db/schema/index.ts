export * from "./admin-users.ts";
export * from "./audit-log.ts";
export * from "./credentials.ts";
