import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../src/server/db/embedded";
import { migrateDatabase } from "../src/server/db/migrate";
import { env, reloadEnv } from "../src/server/platform/env";

/**
 * For the command-line scripts: without DATABASE_URL they work on the app's embedded database
 * under DATA_DIR (the app must be stopped: PGlite has one writer), as the app role, through a
 * pool of one. Answers the database to close at the end, or undefined when DATABASE_URL is set.
 */
export async function openEmbeddedDatabaseWhenUnset(options: { migrate?: boolean } = {}): Promise<EmbeddedDatabase | undefined> {
  if (env().DATABASE_URL) return undefined;
  const embedded = await startEmbeddedDatabase({ dataDir: path.resolve(env().DATA_DIR, "pglite") });
  if (options.migrate) await migrateDatabase(embedded.url);
  await embedded.switchToAppRole();
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_MAX = "1";
  reloadEnv();
  return embedded;
}
