import { tenantRoute } from "@/server/api/tenant-route";
import { createCsvExport } from "@/server/modules/crm/export";
import { ValidationFailed } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

/** A query parameter holding JSON (the list view's filters or sort), or undefined when absent. */
function jsonParam(url: URL, name: string): unknown {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationFailed({ [name]: [`${name} must be JSON, as the list view sends it.`] });
  }
}

/**
 * GET /api/crm/export?tenant=<id>&entity=contact|company|deal&filters=<json>&sort=<json>
 * A CRM list view as CSV, for every member (viewers included), with the member's own
 * record visibility: what the list shows them, and nothing more.
 */
export const GET = tenantRoute({ malformedTenant: "bad-request" }, async (request, ctx) => {
  const url = new URL(request.url);
  const query = { filters: jsonParam(url, "filters"), sort: jsonParam(url, "sort") };
  const { fileName, stream } = await createCsvExport(ctx.scope, url.searchParams.get("entity"), query);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});
