import path from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");

/**
 * Applies drizzle/ as the connecting (owner) login. Only migrations and the seed use
 * the owner; the app's runtime pool runs as the app role.
 */
export async function migrateDatabase(ownerUrl: string): Promise<void> {
  const sql = postgres(ownerUrl, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
