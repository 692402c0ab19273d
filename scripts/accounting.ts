/**
 * Operator commands for an organization's books, on the server:
 *   npm run accounting:verify -- --org <slug>
 *   npm run accounting:report -- --org <slug> --report trial-balance|income-statement|balance-sheet [--from YYYY-MM-DD --to YYYY-MM-DD] [--format csv|table]
 *     (income-statement also [--columns total|month|quarter] [--compare none|previous_period|previous_year])
 *   npm run accounting:import -- --org <slug> [--create-org] --file <path>   (a JSON array of entries; see docs/accounting.md)
 * With DATABASE_URL they read that server; without it, the embedded database under DATA_DIR
 * (the app must not be running). Exit code 1 when the chain is broken, 2 for bad arguments.
 */
import "./load-env";
import { openEmbeddedDatabaseWhenUnset } from "./embedded-db";
import { parseArgs } from "node:util";
import { closeRuntimeDb } from "../src/server/db/client";
import { withTenant } from "../src/server/db/tenant";
import { COLUMN_KINDS, COMPARISONS, type ColumnKind, type Comparison } from "../src/server/modules/accounting/report-periods";
import { reportRows, REPORTS, type ReportName } from "../src/server/modules/accounting/report-table";
import { verifyChain } from "../src/server/modules/accounting/verify";
import { findTenantIdBySlug } from "../src/server/modules/orgs/service";
import { readFile } from "node:fs/promises";
import { csvLines } from "../src/server/platform/csv";
import { env } from "../src/server/platform/env";
import { DomainError, ValidationFailed } from "../src/server/platform/errors";
import { importJournal } from "../src/server/modules/accounting/import";
import { getUserByEmail } from "../src/server/modules/accounts/service";
import { runtimeDb } from "../src/server/db/client";
import { createOrganization, findOwnerId } from "../src/server/modules/orgs/service";
import { slugify } from "../src/server/modules/orgs/slug";

const command = process.argv[2];
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    org: { type: "string" },
    report: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    format: { type: "string", default: "table" },
    columns: { type: "string", default: "total" },
    compare: { type: "string", default: "none" },
    file: { type: "string" },
    "create-org": { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (command !== "verify" && command !== "report" && command !== "import") fail("Usage: accounting.ts verify|report|import --org <slug> …");
if (!values.org) fail("Name the organization: --org <slug>.");
if (command === "report" && !REPORTS.includes(values.report as ReportName)) fail(`Choose a report: --report ${REPORTS.join("|")}.`);
if (values.format !== "csv" && values.format !== "table") fail("Choose --format csv or table.");
if (!COLUMN_KINDS.includes(values.columns as ColumnKind)) fail(`Choose --columns ${COLUMN_KINDS.join("|")} (the profit and loss's columns).`);
if (!COMPARISONS.includes(values.compare as Comparison)) fail(`Choose --compare ${COMPARISONS.join("|")} (the profit and loss's comparison).`);
if (command === "import" && !values.file) fail("Name the file: --file <path> (a JSON array of entries).");
let journal: unknown;
if (command === "import") {
  try {
    journal = JSON.parse(await readFile(values.file!, "utf8"));
  } catch (error) {
    fail(`Cannot read ${values.file} as JSON: ${(error as Error).message}`);
  }
}

const embedded = await openEmbeddedDatabaseWhenUnset();
/** An empty organization with exactly this slug, owned by the super admin (SUPER_ADMIN_EMAIL). */
async function createEmptyOrganization(slug: string): Promise<string> {
  const email = env().SUPER_ADMIN_EMAIL;
  if (!email) fail("--create-org needs SUPER_ADMIN_EMAIL: the organization is created for the super admin.");
  if (slugify(slug) !== slug) fail(`--create-org: ${slug} is not a usable address; use lower-case letters, digits and dashes.`);
  const admin = await getUserByEmail(runtimeDb(), email);
  if (!admin) fail(`--create-org: the super admin ${email} has no account yet; register it first.`);
  const org = await createOrganization(admin.id, { name: slug });
  if (org.slug !== slug) fail(`--create-org: ${slug} is not a usable address (it became ${org.slug}); choose lower-case letters, digits and dashes.`);
  console.log(`Created the organization ${slug}, owned by ${email}.`);
  return org.id;
}

let exitCode = 0;
try {
  let tenantId = await findTenantIdBySlug(values.org);
  if (!tenantId && command === "import" && values["create-org"]) tenantId = await createEmptyOrganization(values.org);
  if (!tenantId) fail(`No organization has the address ${values.org}.${command === "import" ? " Add --create-org to create it." : ""}`);
  if (command === "import") {
    const ownerId = await findOwnerId(tenantId);
    if (!ownerId) fail(`${values.org} has no owner to import on behalf of.`);
    try {
      const result = await withTenant({ tenantId, userId: ownerId, role: "owner" }, (tx) => importJournal(tx, { userId: ownerId, role: "owner" }, journal));
      console.log(`${result.entries} entries read: ${result.imported} imported, ${result.skipped} already there; ${result.accountsCreated} accounts created; ${result.residuals} rounding residuals recorded.`);
    } catch (error) {
      if (error instanceof DomainError) fail(`Nothing imported. ${error.message}`);
      throw error;
    }
  } else if (command === "verify") {
    const report = await withTenant({ tenantId, role: "system" }, (tx) => verifyChain(tx));
    if (report.intact) console.log(report.verified ? `Entries 1–${report.verified} verified, chain intact.` : "No posted entries yet: the chain is empty.");
    else {
      console.log(`Chain broken at entry ${report.firstBroken.number} (${report.firstBroken.id}): ${report.firstBroken.reason}. Entries 1–${report.verified} verified.`);
      exitCode = 1;
    }
  } else {
    const options = { columns: values.columns as ColumnKind, compare: values.compare as Comparison };
    let rows: string[][] = [];
    try {
      rows = await withTenant({ tenantId, role: "system" }, (tx) => reportRows(tx, values.report as ReportName, { from: values.from ?? null, to: values.to ?? null }, options));
    } catch (error) {
      if (error instanceof ValidationFailed) fail([...new Set(Object.values(error.fields).flat())].join(" ") || error.message);
      throw error;
    }
    if (values.format === "csv") process.stdout.write(csvLines(rows));
    else console.table(rows.slice(1).map((row) => Object.fromEntries(rows[0]!.map((header, i) => [header, row[i]]))));
  }
} finally {
  await closeRuntimeDb();
  await embedded?.close();
}
process.exit(exitCode);
