import fs from "node:fs";
import { afterAll, inject } from "vitest";
import postgres from "postgres";
import { startEmbeddedDatabase } from "../server/db/embedded";
import { migrateDatabase } from "../server/db/migrate";
import { reloadEnv } from "../server/platform/env";

/** Gives this test file a database of its own, then points the app's env at it. */
const config = inject("testDatabase");

process.env.TEST_DATABASE_MODE = config.mode;

if (config.mode === "postgres") {
  const name = `neuroops_t_${config.template.split("_")[2]}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${config.template}`);
  await admin.end();
  const url = new URL(config.adminUrl);
  url.pathname = `/${name}`;
  process.env.TEST_OWNER_DATABASE_URL = url.toString();
  process.env.DATABASE_URL = url.toString();
  process.env.DATABASE_POOL_MAX = "4";
} else {
  // A copy of the database global-setup migrated; migrateDatabase then only checks it is current.
  const embedded = await startEmbeddedDatabase({ loadDataDir: new Blob([fs.readFileSync(config.snapshot)]) });
  await migrateDatabase(embedded.url);
  await embedded.switchToAppRole();
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_MAX = "1";
  afterAll(async () => {
    const { closeRuntimeDb } = await import("../server/db/client");
    await closeRuntimeDb();
    await embedded.close();
  });
}
reloadEnv();

if (config.mode === "postgres") {
  afterAll(async () => {
    const { closeRuntimeDb } = await import("../server/db/client");
    await closeRuntimeDb();
  });
}
