import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this file: it diffs the schema files against the
// migrations in drizzle/. Migrations are applied by `npm run db:migrate`.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/server/db/schema.ts"],
  out: "./drizzle",
  casing: "snake_case",
});
