import { tenantRoute } from "@/server/api/tenant-route";
import { auditCsvStream } from "@/server/modules/audit/csv";
import { AUDIT } from "@/server/modules/audit/permissions";
import { requireFeature } from "@/server/modules/orgs/limits";

export const dynamic = "force-dynamic";

/**
 * GET /api/audit/export?tenant=<id>&action=…&actorUserId=…&entityType=…&from=…&to=…
 * The audit log as CSV for owners and admins, with the list's filters, on plans with the
 * "audit_export" feature (Pro and up; a Free organization gets 403 saying where to upgrade).
 */
export const GET = tenantRoute(
  { minimumRole: AUDIT.read, roleRefusal: "Only owners and admins can export the audit log.", malformedTenant: "bad-request" },
  async (request, ctx) => {
    await ctx.withTenant((tx) => requireFeature(tx, "audit_export"));
    const params = new URL(request.url).searchParams;
    const filters = Object.fromEntries([...params].filter(([key, value]) => key !== "tenant" && value !== ""));
    const stream = auditCsvStream(ctx.scope, filters);
    const date = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-log-${date}.csv"`,
        "cache-control": "no-store",
      },
    });
  },
);
