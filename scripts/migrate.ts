/**
 * `npm run db:migrate`: applies drizzle/ to DATABASE_URL as the owner login.
 * (The embedded database is migrated by `npm run dev` / `npm start` themselves.)
 */
import "./load-env";
import { migrateDatabase } from "../src/server/db/migrate";
import { env } from "../src/server/platform/env";

const url = env().DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. The embedded database is migrated automatically by `npm run dev` and `npm start`.");
  process.exit(1);
}
await migrateDatabase(url);
console.log("Migrations applied.");
