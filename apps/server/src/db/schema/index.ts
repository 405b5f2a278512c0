export * from "./admin-users.ts";
export * from "./audit-log.ts";
