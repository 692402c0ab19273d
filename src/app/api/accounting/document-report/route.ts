import { tenantRoute } from "@/server/api/tenant-route";
import { DOCUMENT_REPORTS, documentReportRows, type DocumentReportName } from "@/server/modules/accounting/documents/reports";
import { csvLines } from "@/server/platform/csv";
import { ValidationFailed } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

/**
 * GET /api/accounting/document-report?tenant=<id>&report=ar-aging|ap-aging|tax&from=&to=
 * Aging (as of `to`, default today) or the tax report (from–to) as CSV, for every member,
 * viewers included; the same figures as the report pages.
 */
export const GET = tenantRoute({ malformedTenant: "bad-request" }, async (request, ctx) => {
  const url = new URL(request.url);
  const report = url.searchParams.get("report") ?? "";
  if (!(DOCUMENT_REPORTS as readonly string[]).includes(report)) throw new ValidationFailed({ report: ["Choose ar-aging, ap-aging or tax."] });
  const from = url.searchParams.get("from") || null;
  const to = url.searchParams.get("to") || null;
  const rows = await ctx.withTenant((tx) => documentReportRows(tx, report as DocumentReportName, { from, to }));
  const suffix = report === "tax" ? `${from}_${to}` : (to ?? "today");
  return new Response(csvLines(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${report}_${suffix}.csv"`,
      "cache-control": "no-store",
    },
  });
});
