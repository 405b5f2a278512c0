export * from "./errors.ts";
export * from "./schemas/health.ts";
