import { withTenant } from "../../db/tenant";
import { defineIsolation } from "../../../test/isolation";
import { listAuditEntries, recordAudit } from "./service";

/** The audit log (test support for the isolation table). */
export const auditIsolation = defineIsolation({
  module: "audit",
  async buildFixture({ tenantId, owner, name }) {
    const auditId = await withTenant({ tenantId, userId: owner.id }, async (tx) => {
      await recordAudit(tx, { action: "fixture.created", entityType: "fixture", entityId: "1", after: { secret: name } });
      const page = await listAuditEntries(tx, { limit: 1 });
      return page.items[0]!.id;
    });
    return { auditId };
  },
  cases: {
    "audit.list": { minimumRole: "admin", call: (api) => api.audit.list({ limit: 50 }) },
    "audit.get": { minimumRole: "admin", call: (api, ids) => api.audit.get({ id: ids.auditId }) },
    "audit.filterOptions": { minimumRole: "admin", call: (api) => api.audit.filterOptions() },
  },
});
