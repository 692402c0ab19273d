import { withTenantPipelined } from "@/server/db/tenant";
import { sessionUserFromHeaders } from "@/server/modules/accounts/current";
import { auditCsvStream } from "@/server/modules/audit/csv";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { findMembership } from "@/server/modules/orgs/service";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/server/platform/errors";
import { z } from "zod";

export const dynamic = "force-dynamic";

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

/**
 * GET /api/audit/export?tenant=<id>&action=…&actorUserId=…&entityType=…&from=…&to=…
 * The audit log as CSV for owners and admins, with the list's filters.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const tenantId = url.searchParams.get("tenant") ?? "";
  if (!z.uuid().safeParse(tenantId).success) return json(400, { error: "Missing or invalid tenant." });
  try {
    const user = await sessionUserFromHeaders(request.headers);
    if (!user) return json(401, { error: "Please sign in to continue." });
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    const scope = { tenantId, userId: user.id, requestId };
    const allowed = await withTenantPipelined(scope, (tx) => findMembership(tx, tenantId, user.id), async (_tx, membership) =>
      membership && !membership.suspendedAt ? roleAtLeast(membership.role, "admin") : null,
    );
    if (allowed === null) return json(403, { error: "You are not a member of this organization." });
    if (!allowed) return json(403, { error: "Only owners and admins can export the audit log." });
    const filters = Object.fromEntries([...url.searchParams].filter(([key, value]) => key !== "tenant" && value !== ""));
    const stream = auditCsvStream(scope, filters);
    const date = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-log-${date}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return json(503, { error: DATABASE_UNAVAILABLE_MESSAGE }, { "retry-after": "5" });
    if (error instanceof z.ZodError) return json(400, { error: "Invalid filters.", fieldErrors: z.flattenError(error).fieldErrors });
    throw error;
  }
}
