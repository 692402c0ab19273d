/**
 * `npm run db:seed`: the demo organization and users, through the app's services.
 * With DATABASE_URL it seeds that server (after `npm run db:migrate`); without it,
 * the embedded database under DATA_DIR (the app must not be running).
 */
import "./load-env";
import { openEmbeddedDatabaseWhenUnset } from "./embedded-db";
import { closeRuntimeDb } from "../src/server/db/client";
import { DEMO, seedDemoData } from "../src/server/modules/orgs/demo";

const embedded = await openEmbeddedDatabaseWhenUnset({ migrate: true });
try {
  const { created } = await seedDemoData();
  console.log(created ? "Demo data created." : "Demo data already present.");
  console.log(`  Sign in as ${DEMO.owner.email} / ${DEMO.owner.password} (owner of "${DEMO.organization.name}")`);
} finally {
  await closeRuntimeDb();
  await embedded?.close();
}
