import { withTenant } from "../../../db/tenant";
import { createCompany, deleteCompany } from "../companies/companies";
import { createContact, deleteContact } from "../contacts/contacts";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";

/** Records in the trash for the trash procedures (restore and purge use theirs up: fresh). */
export type Ids = { trashedContactId: string; trashedCompanyId: string };

export async function buildFixture(scope: FixtureScope): Promise<Ids> {
  return withTenant({ tenantId: scope.tenantId, userId: scope.owner.id }, async (tx) => {
    const actor = { userId: scope.owner.id, role: "owner" as const };
    const contact = await createContact(tx, actor, { firstName: scope.name, lastName: "Trashed" });
    const company = await createCompany(tx, actor, { name: `${scope.name} Trashed Co` });
    await deleteContact(tx, actor, contact.id);
    await deleteCompany(tx, actor, company.id);
    return { trashedContactId: contact.id, trashedCompanyId: company.id };
  });
}

export const cases: Record<string, TenantProcedureCase<Ids>> = {
  "crm.trash.list": { minimumRole: "viewer", call: (api) => api.crm.trash.list({}) },
  "crm.trash.find": { minimumRole: "viewer", call: (api, ids) => api.crm.trash.find({ kind: "contact", id: ids.trashedContactId }) },
  "crm.trash.restore": { minimumRole: "member", fresh: true, call: (api, ids) => api.crm.trash.restore({ kind: "contact", id: ids.trashedContactId }) },
  "crm.trash.purge": { minimumRole: "admin", fresh: true, call: (api, ids) => api.crm.trash.purge({ kind: "company", id: ids.trashedCompanyId }) },
};
