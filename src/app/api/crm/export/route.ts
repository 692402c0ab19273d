import { z } from "zod";
import { ensureSafeRuntimeRole } from "@/server/db/client";
import { withTenantPipelined } from "@/server/db/tenant";
import { sessionUserFromHeaders } from "@/server/modules/accounts/current";
import { createCsvExport } from "@/server/modules/crm/export";
import { findMembership } from "@/server/modules/orgs/service";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, ValidationFailed } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

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
export async function GET(request: Request) {
  const url = new URL(request.url);
  const tenantId = url.searchParams.get("tenant") ?? "";
  if (!z.uuid().safeParse(tenantId).success) return json(400, { error: "Missing or invalid tenant." });
  try {
    const user = await sessionUserFromHeaders(request.headers);
    if (!user) return json(401, { error: "Please sign in to continue." });
    await ensureSafeRuntimeRole();
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    const membership = await withTenantPipelined({ tenantId, userId: user.id, requestId }, (tx) => findMembership(tx, tenantId, user.id), async (_tx, m) => m);
    if (!membership) return json(403, { error: "You are not a member of this organization." });
    if (membership.suspendedAt) return json(403, { error: "This organization is suspended. Contact support to restore access." });
    const query = { filters: jsonParam(url, "filters"), sort: jsonParam(url, "sort") };
    const { fileName, stream } = await createCsvExport({ tenantId, userId: user.id, role: membership.role, requestId }, url.searchParams.get("entity"), query);
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return json(503, { error: DATABASE_UNAVAILABLE_MESSAGE }, { "retry-after": "5" });
    if (error instanceof ValidationFailed) return json(400, { error: "Invalid export request.", fieldErrors: error.fields });
    throw error;
  }
}
