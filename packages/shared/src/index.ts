export * from "./errors.ts";
export * from "./schemas/admin.ts";
export * from "./schemas/audit.ts";
export * from "./schemas/health.ts";
