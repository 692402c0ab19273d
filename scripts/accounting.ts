/**
 * Operator commands for an organization's books, on the server:
 *   npm run accounting:verify -- --org <slug>
 *   npm run accounting:report -- --org <slug> --report trial-balance|income-statement|balance-sheet [--from YYYY-MM-DD --to YYYY-MM-DD] [--format csv|table]
 * With DATABASE_URL they read that server; without it, the embedded database under DATA_DIR
 * (the app must not be running). Exit code 1 when the chain is broken, 2 for bad arguments.
 */
import "./load-env";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeRuntimeDb } from "../src/server/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../src/server/db/embedded";
import { withTenant } from "../src/server/db/tenant";
import { reportRows, REPORTS, type ReportName } from "../src/server/modules/accounting/report-table";
import { verifyChain } from "../src/server/modules/accounting/verify";
import { findTenantIdBySlug } from "../src/server/modules/orgs/service";
import { csvLines } from "../src/server/platform/csv";
import { env, reloadEnv } from "../src/server/platform/env";

const command = process.argv[2];
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: { org: { type: "string" }, report: { type: "string" }, from: { type: "string" }, to: { type: "string" }, format: { type: "string", default: "table" } },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (command !== "verify" && command !== "report") fail("Usage: accounting.ts verify|report --org <slug> …");
if (!values.org) fail("Name the organization: --org <slug>.");
if (command === "report" && !REPORTS.includes(values.report as ReportName)) fail(`Choose a report: --report ${REPORTS.join("|")}.`);
if (values.format !== "csv" && values.format !== "table") fail("Choose --format csv or table.");

let embedded: EmbeddedDatabase | undefined;
if (!env().DATABASE_URL) {
  embedded = await startEmbeddedDatabase({ dataDir: path.resolve(env().DATA_DIR, "pglite") });
  await embedded.switchToAppRole();
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_MAX = "1";
  reloadEnv();
}
let exitCode = 0;
try {
  const tenantId = await findTenantIdBySlug(values.org);
  if (!tenantId) fail(`No organization has the address ${values.org}.`);
  if (command === "verify") {
    const report = await withTenant({ tenantId, role: "system" }, (tx) => verifyChain(tx));
    if (report.intact) console.log(report.verified ? `Entries 1–${report.verified} verified, chain intact.` : "No posted entries yet: the chain is empty.");
    else {
      console.log(`Chain broken at entry ${report.firstBroken.number} (${report.firstBroken.id}): ${report.firstBroken.reason}. Entries 1–${report.verified} verified.`);
      exitCode = 1;
    }
  } else {
    const rows = await withTenant({ tenantId, role: "system" }, (tx) => reportRows(tx, values.report as ReportName, { from: values.from ?? null, to: values.to ?? null }));
    if (values.format === "csv") process.stdout.write(csvLines(rows));
    else console.table(rows.slice(1).map((row) => Object.fromEntries(rows[0]!.map((header, i) => [header, row[i]]))));
  }
} finally {
  await closeRuntimeDb();
  await embedded?.close();
}
process.exit(exitCode);
