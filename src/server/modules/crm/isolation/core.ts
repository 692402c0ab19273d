import { withTenant } from "../../../db/tenant";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import { createCustomField } from "../custom-fields";
import { createView } from "../views";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";

/** Records the core CRM procedures are called with (in their own tenant, or another tenant's). */
export type Ids = {
  companyId: string;
  /** A company and a contact the role matrix may delete (each deletes once; later calls get NOT_FOUND). */
  deletableCompanyId: string;
  contactId: string;
  deletableContactId: string;
  customFieldId: string;
  viewId: string;
};

export async function buildFixture(scope: FixtureScope): Promise<Ids> {
  return withTenant({ tenantId: scope.tenantId, userId: scope.owner.id }, async (tx) => {
    const actor = { userId: scope.owner.id, role: "owner" as const };
    const company = await createCompany(tx, actor, { name: `${scope.name} Company`, domain: `${scope.tenantId.slice(0, 8)}.example.com` });
    const deletableCompany = await createCompany(tx, actor, { name: `${scope.name} Deletable` });
    const contact = await createContact(tx, actor, {
      firstName: scope.name,
      lastName: "Contact",
      companyId: company.id,
      emails: [{ value: `contact-${scope.tenantId}@example.test` }],
    });
    const deletableContact = await createContact(tx, actor, { firstName: scope.name, lastName: "Deletable" });
    const field = await createCustomField(tx, actor, { entityType: "contact", label: "Budget", type: "number" });
    const view = await createView(tx, actor, { entityType: "contact", name: `${scope.name} view`, query: { filters: { lifecycleStages: ["lead"] } } });
    return { companyId: company.id, deletableCompanyId: deletableCompany.id, contactId: contact.id, deletableContactId: deletableContact.id, customFieldId: field.id, viewId: view.id };
  });
}

let sequence = 0;
const uniqueEmail = () => `new-${Date.now().toString(36)}-${sequence++}@example.test`;

export const cases: Record<string, TenantProcedureCase<Ids>> = {
  "crm.companies.list": { minimumRole: "viewer", call: (api) => api.crm.companies.list({}) },
  "crm.companies.get": { minimumRole: "viewer", call: (api, ids) => api.crm.companies.get({ id: ids.companyId }) },
  "crm.companies.create": { minimumRole: "member", call: (api) => api.crm.companies.create({ name: "Created Co" }) },
  "crm.companies.update": { minimumRole: "member", call: (api, ids) => api.crm.companies.update({ id: ids.companyId, industry: "Software" }) },
  "crm.companies.delete": { minimumRole: "member", fresh: true, call: (api, ids) => api.crm.companies.delete({ id: ids.deletableCompanyId }) },
  "crm.contacts.list": { minimumRole: "viewer", call: (api) => api.crm.contacts.list({}) },
  "crm.contacts.get": { minimumRole: "viewer", call: (api, ids) => api.crm.contacts.get({ id: ids.contactId }) },
  "crm.contacts.create": { minimumRole: "member", call: (api) => api.crm.contacts.create({ firstName: "New", emails: [{ value: uniqueEmail() }] }) },
  "crm.contacts.update": { minimumRole: "member", call: (api, ids) => api.crm.contacts.update({ id: ids.contactId, title: "CTO" }) },
  "crm.contacts.delete": { minimumRole: "member", fresh: true, call: (api, ids) => api.crm.contacts.delete({ id: ids.deletableContactId }) },
  "crm.fields.list": { minimumRole: "viewer", call: (api) => api.crm.fields.list({}) },
  "crm.fields.create": { minimumRole: "admin", call: (api) => api.crm.fields.create({ entityType: "company", label: `Tier ${sequence++}`, type: "single_select", options: ["A", "B"] }) },
  "crm.fields.update": { minimumRole: "admin", call: (api, ids) => api.crm.fields.update({ id: ids.customFieldId, label: "Budget (k)" }) },
  "crm.fields.archive": { minimumRole: "admin", call: (api, ids) => api.crm.fields.archive({ id: ids.customFieldId }) },
  "crm.fields.restore": { minimumRole: "admin", call: (api, ids) => api.crm.fields.restore({ id: ids.customFieldId }) },
  "crm.views.list": { minimumRole: "viewer", call: (api) => api.crm.views.list({ entityType: "contact" }) },
  "crm.views.create": { minimumRole: "viewer", call: (api) => api.crm.views.create({ entityType: "contact", name: `Mine ${sequence++}`, query: { filters: {} } }) },
  // Saved views are personal: another member's view is NOT_FOUND.
  "crm.views.update": { minimumRole: "viewer", hidesOthersRecords: true, call: (api, ids) => api.crm.views.update({ id: ids.viewId, name: `Renamed ${sequence++}` }) },
  "crm.views.delete": { minimumRole: "viewer", hidesOthersRecords: true, call: (api, ids) => api.crm.views.delete({ id: ids.viewId }) },
  "crm.followers.follow": { minimumRole: "member", call: (api, ids) => api.crm.followers.follow({ entityType: "contact", id: ids.contactId }) },
  "crm.followers.unfollow": { minimumRole: "member", call: (api, ids) => api.crm.followers.unfollow({ entityType: "contact", id: ids.contactId }) },
  "crm.settings.visibility": { minimumRole: "viewer", call: (api) => api.crm.settings.visibility() },
  "crm.settings.updateVisibility": { minimumRole: "admin", call: (api) => api.crm.settings.updateVisibility({ memberVisibility: "all", viewerVisibility: "all" }) },
};
