// (d) (c2) plus what tRPC's tenant procedure adds before the procedure: the session cookie
// decoded (readSession), the role check's memo, and the membership read pipelined in the
// tenant transaction (asSessionMember), exactly as the app's procedures use them.
import { ensureSafeRuntimeRole } from "@/server/db/client";
import { asSessionMember, requestedTenantId } from "@/server/api/membership";
import { requestIdFrom } from "@/server/api/request-id";
import { serializeResponse } from "@/lib/serialize";
import { readSession } from "@/server/modules/accounts/session";
import { AUDIT } from "@/server/modules/audit/permissions";
import { listAuditEntries } from "@/server/modules/audit/service";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const session = await readSession(request.headers);
  if (!session) return Response.json({ error: "sign in" }, { status: 401 });
  await ensureSafeRuntimeRole();
  const tenantId = requestedTenantId(request.headers.get("x-tenant-id"));
  const page = await asSessionMember(
    { session, tenantId, requestId: requestIdFrom(request.headers) },
    { minimumRole: AUDIT.read },
    (tx) => listAuditEntries(tx, { limit: 50 }),
  );
  return Response.json({ result: { data: serializeResponse(page) } });
}
