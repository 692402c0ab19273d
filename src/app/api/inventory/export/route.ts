import { tenantRoute } from "@/server/api/tenant-route";
import { createProductExport } from "@/server/modules/inventory/export";
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

function csvResponse({ fileName, stream }: { fileName: string; stream: ReadableStream<Uint8Array> }): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}

/**
 * GET /api/inventory/export?tenant=<id>&filters=<json>&sort=<json>
 * The product list as CSV (the inventory.products.list filters and sort), for every member,
 * viewers included. Trashed products are never in it.
 */
export const GET = tenantRoute({ malformedTenant: "bad-request" }, async (request, ctx) => {
  const url = new URL(request.url);
  return csvResponse(await createProductExport(ctx.scope, { filters: jsonParam(url, "filters"), sort: jsonParam(url, "sort") }));
});

/** Ten thousand ids in JSON and the filters fit well within this. */
const FORM_LIMIT = { maxBytes: 1024 * 1024, tooLarge: "Too many products are selected to export this way. Export the whole list instead.", field: "selection" };

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
 * POST /api/inventory/export?tenant=<id> with a form (filters, sort, selection): the list's
 * selected products as CSV ("export selected" of bulk actions). `selection` is
 * `{"ids":[…]}` or `{"excludeIds":[…]}`.
 */
export const POST = tenantRoute({ malformedTenant: "bad-request" }, async (request, ctx) => {
  const form = await ctx.readForm(FORM_LIMIT);
  const selection = jsonField(form, "selection");
  if (selection === undefined) throw new ValidationFailed({ selection: ["Select the products to export."] });
  return csvResponse(await createProductExport(ctx.scope, { filters: jsonField(form, "filters"), sort: jsonField(form, "sort") }, selection));
});
