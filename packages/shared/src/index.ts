export * from "./errors.ts";
export * from "./key.ts";
export * from "./schemas/admin.ts";
export * from "./schemas/audit.ts";
export * from "./schemas/credential.ts";
export * from "./schemas/health.ts";
export * from "./schemas/integration.ts";
export * from "./ip/index.ts";
