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
  return csvResponse(await createCsvExport(ctx.scope, url.searchParams.get("entity"), query));
});

function csvResponse({ fileName, stream }: { fileName: string; stream: ReadableStream<Uint8Array> }): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}

/** Ten thousand ids in JSON and the filters fit well within this. */
const FORM_LIMIT = { maxBytes: 1024 * 1024, tooLarge: "Too many records are selected to export this way. Export the whole list instead.", field: "selection" };

function jsonField(form: FormData, name: string): unknown {
  const raw = form.get(name);
  if (typeof raw !== "string" || raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationFailed({ [name]: [`${name} must be JSON, as the list view sends it.`] });
  }
}

/**
 * POST /api/crm/export?tenant=<id> with a form (entity, filters, sort, selection): the
 * list's selected rows as CSV ("export selected" of bulk actions). A form, not a link:
 * thousands of ids do not fit in an address. `selection` is `{"ids":[…]}` or `{"excludeIds":[…]}`.
 */
export const POST = tenantRoute({ malformedTenant: "bad-request" }, async (request, ctx) => {
  const form = await ctx.readForm(FORM_LIMIT);
  const query = { filters: jsonField(form, "filters"), sort: jsonField(form, "sort") };
  const selection = jsonField(form, "selection");
  if (selection === undefined) throw new ValidationFailed({ selection: ["Select the records to export."] });
  return csvResponse(await createCsvExport(ctx.scope, form.get("entity"), query, selection));
});
