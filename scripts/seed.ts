/**
 * `npm run db:seed`: the demo organization and users, through the app's services.
 * With DATABASE_URL it seeds that server (after `npm run db:migrate`); without it,
 * the embedded database under DATA_DIR (the app must not be running).
 */
import "./load-env";
import path from "node:path";
import { closeRuntimeDb } from "../src/server/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../src/server/db/embedded";
import { migrateDatabase } from "../src/server/db/migrate";
import { DEMO, seedDemoData } from "../src/server/modules/orgs/demo";
import { env, reloadEnv } from "../src/server/platform/env";

let embedded: EmbeddedDatabase | undefined;
if (!env().DATABASE_URL) {
  embedded = await startEmbeddedDatabase({ dataDir: path.resolve(env().DATA_DIR, "pglite") });
  await migrateDatabase(embedded.url);
  await embedded.switchToAppRole();
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_MAX = "1";
  reloadEnv();
}
try {
  const { created } = await seedDemoData();
  console.log(created ? "Demo data created." : "Demo data already present.");
  console.log(`  Sign in as ${DEMO.owner.email} / ${DEMO.owner.password} (owner of "${DEMO.organization.name}")`);
} finally {
  await closeRuntimeDb();
  await embedded?.close();
}
