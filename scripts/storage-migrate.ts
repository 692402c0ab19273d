/**
 * Moves the stored files (logos, avatars, AI documents, import files) between Postgres and
 * the S3 bucket (docs/storage.md):
 *   npm run storage:migrate [-- --to s3|postgres] [--batch 50] [--orphans list|delete]
 * `--to s3` (the default) copies each file still in Postgres to S3_BUCKET_UPLOADS, checks
 * the copy (size and SHA-256), then switches its row and clears the bytes in one statement;
 * `--to postgres` does the reverse and deletes each object once its row has the bytes.
 * Resumable and idempotent: stop it at any point and run it again. The app may keep running
 * (files of imports being run are left for a later run). `--orphans list` also lists
 * objects no row points at; `--orphans delete` deletes them (only with the app stopped: an
 * upload in flight has its object before its row).
 * With DATABASE_URL it works on that server; without it, on the embedded database under
 * DATA_DIR (the app must not be running). Exit code 1 when a file could not be moved or S3
 * is not configured, 2 for bad arguments.
 */
import "./load-env";
import { parseArgs } from "node:util";
import { openEmbeddedDatabaseWhenUnset } from "./embedded-db";
import { closeRuntimeDb } from "../src/server/db/client";
import { STORED_FILE_TABLES } from "../src/server/modules/stored-files";
import { configuredObjectStore } from "../src/server/storage";
import { findOrphans, formatBytes, migrateStorage, type Direction } from "../src/server/storage/migrate";

const USAGE = "Usage: npm run storage:migrate [-- --to s3|postgres] [--batch 50] [--orphans list|delete]";

let values: { to?: string; batch?: string; orphans?: string };
try {
  ({ values } = parseArgs({ args: process.argv.slice(2), options: { to: { type: "string" }, batch: { type: "string" }, orphans: { type: "string" } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const direction = (values.to ?? "s3") as Direction;
const batchSize = Number(values.batch ?? 50);
if (!["s3", "postgres"].includes(direction) || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000 || (values.orphans && !["list", "delete"].includes(values.orphans))) {
  console.error(USAGE);
  process.exit(2);
}

const store = configuredObjectStore();
if (!store) {
  console.error("S3 is not configured: set S3_BUCKET_UPLOADS and AWS_REGION (and credentials, or S3_ENDPOINT for an S3-compatible server) to move files to or from it. See docs/storage.md.");
  process.exit(1);
}

const embedded = await openEmbeddedDatabaseWhenUnset();
let exitCode = 0;
try {
  console.log(`Moving stored files to ${direction === "s3" ? store.name : "Postgres"} (batches of ${batchSize})…`);
  const started = Date.now();
  const reports = await migrateStorage({ direction, store, tables: STORED_FILE_TABLES, batchSize, log: (line) => console.log(line) });
  console.log("\nSummary:");
  for (const r of reports) {
    console.log(`  ${r.label.padEnd(24)} moved ${String(r.moved).padStart(6)} (${formatBytes(r.bytes)}), failed ${r.failed}, changed meanwhile ${r.skipped}, still to move ${r.remaining}`);
    if (r.failed > 0) exitCode = 1;
  }
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.${exitCode ? " Some files could not be moved (see above): they stay where they were; run it again once fixed." : ""}`);
  if (values.orphans) {
    const orphans = await findOrphans(store, STORED_FILE_TABLES, values.orphans === "delete");
    console.log(`${orphans.length} object(s) in ${store.name} that no row points at${values.orphans === "delete" ? ", deleted" : ""}${orphans.length ? ":" : "."}`);
    for (const key of orphans.slice(0, 100)) console.log(`  ${key}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 1;
} finally {
  await closeRuntimeDb();
  await embedded?.close();
}
process.exit(exitCode);
