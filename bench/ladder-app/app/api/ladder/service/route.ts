// (c2) The app's own database path without session or membership: its runtime pool, its
// tenant transaction (withTenant: role + settings), the audit service's query through
// Drizzle (the app's query, not the bare one) and the tRPC response serializer.
import { withTenant } from "@/server/db/tenant";
import { serializeResponse } from "@/lib/serialize";
import { listAuditEntries } from "@/server/modules/audit/service";
import { seeded } from "../../../../lib/env";

export const dynamic = "force-dynamic";

export async function GET() {
  const { tenantId, userId } = seeded();
  const page = await withTenant({ tenantId, userId, role: "owner" }, (tx) => listAuditEntries(tx, { limit: 50 }));
  return Response.json({ result: { data: serializeResponse(page) } });
}
