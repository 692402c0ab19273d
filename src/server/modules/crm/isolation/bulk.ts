import { withTenant } from "../../../db/tenant";
import { runBulk } from "../bulk/bulk";
import { createContact } from "../contacts/contacts";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";

/** A contact to act on, and a queued bulk job the owner started (never run here): one to read, one to cancel. */
export type Ids = { contactId: string; jobId: string; cancellableJobId: string };

export async function buildFixture(scope: FixtureScope): Promise<Ids> {
  return withTenant({ tenantId: scope.tenantId, userId: scope.owner.id, role: "owner" }, async (tx) => {
    const actor = { userId: scope.owner.id, role: "owner" as const };
    const contact = await createContact(tx, actor, { firstName: scope.name, lastName: "Bulk" });
    const queue = async () => {
      const started = await runBulk(tx, actor, { entityType: "contact", selection: { filters: {} }, action: { type: "addTags", tags: [scope.name.slice(0, 40)] } });
      if (started.mode !== "queued") throw new Error("the fixture's bulk action should be queued");
      return started.job.id;
    };
    return { contactId: contact.id, jobId: await queue(), cancellableJobId: await queue() };
  });
}

export const cases: Record<string, TenantProcedureCase<Ids>> = {
  "crm.bulk.run": { minimumRole: "member", call: (api, ids) => api.crm.bulk.run({ entityType: "contact", selection: { ids: [ids.contactId] }, action: { type: "addTags", tags: ["bulk"] } }) },
  "crm.bulk.count": { minimumRole: "viewer", call: (api) => api.crm.bulk.count({ entityType: "contact", filters: {} }) },
  // A run is its starter's (and admins'): other members get NOT_FOUND.
  "crm.bulk.get": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.crm.bulk.get({ id: ids.jobId }) },
  "crm.bulk.cancel": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.crm.bulk.cancel({ id: ids.cancellableJobId }) },
};
