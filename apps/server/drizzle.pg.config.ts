import { defineConfig } from "drizzle-kit";

/** PostgreSQL's schema and migrations, beside SQLite's (drizzle.config.ts): `pnpm db:generate:pg`. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/pg/schema/index.ts",
  out: "./src/db/pg/migrations",
});
