import { tenantRoute } from "@/server/api/tenant-route";
import { REPORTS, reportRows, type ReportName } from "@/server/modules/accounting/report-table";
import { csvLines } from "@/server/platform/csv";
import { ValidationFailed } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

/**
 * GET /api/accounting/report?tenant=<id>&report=trial-balance|income-statement|balance-sheet&from=&to=
 * A report as CSV (the same rows as `npm run accounting:report -- --format csv`), for every
 * member, viewers included. The balance sheet is as of `to`; the dates are YYYY-MM-DD and
 * checked by the report itself.
 */
export const GET = tenantRoute({ malformedTenant: "bad-request" }, async (request, ctx) => {
  const url = new URL(request.url);
  const report = url.searchParams.get("report") ?? "";
  if (!(REPORTS as readonly string[]).includes(report)) throw new ValidationFailed({ report: ["Choose trial-balance, income-statement or balance-sheet."] });
  const from = url.searchParams.get("from") || null;
  const to = url.searchParams.get("to") || null;
  const rows = await ctx.withTenant((tx) => reportRows(tx, report as ReportName, { from, to }));
  const suffix = report === "balance-sheet" ? (to ?? "latest") : `${from ?? "start"}_${to ?? "latest"}`;
  return new Response(csvLines(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${report}_${suffix}.csv"`,
      "cache-control": "no-store",
    },
  });
});
