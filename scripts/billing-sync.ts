/**
 * Re-reads Stripe and repairs the organizations' billing state (missed webhooks):
 *   npm run billing:sync [-- --org <slug>]
 * Prints one line per organization: what changed, or "in step". With DATABASE_URL it works on
 * that server; without it, on the embedded database under DATA_DIR (the app must not be
 * running). Exit code 1 when Stripe is not configured or an organization could not be synced,
 * 2 for bad arguments.
 */
import "./load-env";
import { openEmbeddedDatabaseWhenUnset } from "./embedded-db";
import { parseArgs } from "node:util";
import { closeRuntimeDb } from "../src/server/db/client";
import { describeSync, syncBilling } from "../src/server/modules/billing/sync";
import { stripeConfigured } from "../src/server/modules/billing/stripe";

let values: { org?: string };
try {
  ({ values } = parseArgs({ args: process.argv.slice(2), options: { org: { type: "string" } } }));
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm run billing:sync [-- --org <slug>]`);
  process.exit(2);
}

if (!stripeConfigured()) {
  console.error("Stripe is not configured (STRIPE_SECRET_KEY is not set): there is nothing to sync with. Plans are set by the super admin on /admin.");
  process.exit(1);
}

const embedded = await openEmbeddedDatabaseWhenUnset();

let exitCode = 0;
try {
  const reports = await syncBilling({ slug: values.org });
  if (reports.length === 0) console.log("No organization has a Stripe customer yet: nothing to sync.");
  for (const report of reports) {
    console.log(describeSync(report));
    if (report.error) exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 1;
} finally {
  await closeRuntimeDb();
  await embedded?.close();
}
process.exit(exitCode);
