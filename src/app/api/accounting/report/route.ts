import { tenantRoute } from "@/server/api/tenant-route";
import { COLUMN_KINDS, COMPARISONS, type ColumnKind, type Comparison } from "@/server/modules/accounting/report-periods";
import { REPORTS, reportRows, type ReportName } from "@/server/modules/accounting/report-table";
import { csvLines } from "@/server/platform/csv";
import { ValidationFailed } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

/**
 * GET /api/accounting/report?tenant=<id>&report=trial-balance|income-statement|balance-sheet&from=&to=
 * (profit and loss also &columns=total|month|quarter&compare=none|previous_period|previous_year)
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
  const columns = url.searchParams.get("columns") || "total";
  const compare = url.searchParams.get("compare") || "none";
  if (!(COLUMN_KINDS as readonly string[]).includes(columns)) throw new ValidationFailed({ columns: ["Choose total, month or quarter columns."] });
  if (!(COMPARISONS as readonly string[]).includes(compare)) throw new ValidationFailed({ compare: ["Compare with none, previous_period or previous_year."] });
  const options = report === "income-statement" ? { columns: columns as ColumnKind, compare: compare as Comparison } : {};
  const rows = await ctx.withTenant((tx) => reportRows(tx, report as ReportName, { from, to }, options));
  const by = [columns === "total" ? "" : `_by-${columns}`, compare === "none" ? "" : `_vs-${compare.replace("_", "-")}`].join("");
  const suffix = report === "balance-sheet" ? (to ?? "latest") : `${from ?? "start"}_${to ?? "latest"}${report === "income-statement" ? by : ""}`;
  return new Response(csvLines(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${report}_${suffix}.csv"`,
      "cache-control": "no-store",
    },
  });
});
