import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this file: it diffs the schema files against the
// migrations in drizzle/. Migrations are applied by `npm run db:migrate`.
export default defineConfig({
  dialect: "postgresql",
  // Each module owns its tables in its own schema.ts; the outbox tables are the jobs layer's.
  schema: ["./src/server/modules/*/schema.ts", "./src/server/jobs/schema.ts"],
  out: "./drizzle",
  casing: "snake_case",
});
