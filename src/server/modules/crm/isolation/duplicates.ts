import { withTenant } from "../../../db/tenant";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import { mergeRecords } from "../merge/merge";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";

/** Records the duplicate and merge procedures are called with (in their own tenant, or another tenant's). */
export type Ids = {
  /** Two contacts with the same phone: suggested for each other; previewed as a merge. */
  contactId: string;
  duplicateContactId: string;
  /** Two companies with the same domain. */
  companyId: string;
  duplicateCompanyId: string;
  /** A pair the role matrix merges (the first allowed role merges; later ones get CONFLICT). */
  mergeWinnerId: string;
  mergeLoserId: string;
  /** A merge made by the fixture, for undo (the first allowed role undoes it; later ones get CONFLICT). */
  mergeId: string;
};

export async function buildFixture(scope: FixtureScope): Promise<Ids> {
  return withTenant({ tenantId: scope.tenantId, userId: scope.owner.id }, async (tx) => {
    const actor = { userId: scope.owner.id, role: "owner" as const };
    const tag = scope.tenantId.slice(0, 8);
    const company = await createCompany(tx, actor, { name: `${scope.name} Duplicates`, domain: `dup-${tag}.example.com` });
    const duplicateCompany = await createCompany(tx, actor, { name: `${scope.name} Duplicates Inc`, domain: `dup-${tag}.example.com` });
    const person = (lastName: string, phone: string, email?: string) =>
      createContact(tx, actor, {
        firstName: scope.name,
        lastName,
        companyId: company.id,
        phones: [{ value: phone }],
        emails: email ? [{ value: email }] : [],
      });
    const contact = await person("Twin", "+1 555 0100", `twin-${scope.tenantId}@example.test`);
    const duplicate = await person("Twinn", "+1 (555) 0100");
    const winner = await person("Keeper", "+1 555 0200");
    const loser = await person("Keepr", "+1 555 0200");
    const undoWinner = await person("Undo", "+1 555 0300");
    const undoLoser = await person("Undoo", "+1 555 0300", `undo-${scope.tenantId}@example.test`);
    const merge = await mergeRecords(tx, actor, { entityType: "contact", winnerId: undoWinner.id, loserId: undoLoser.id });
    return {
      contactId: contact.id,
      duplicateContactId: duplicate.id,
      companyId: company.id,
      duplicateCompanyId: duplicateCompany.id,
      mergeWinnerId: winner.id,
      mergeLoserId: loser.id,
      mergeId: merge.mergeId,
    };
  });
}

export const cases: Record<string, TenantProcedureCase<Ids>> = {
  "crm.duplicates.forContact": { minimumRole: "viewer", call: (api, ids) => api.crm.duplicates.forContact({ id: ids.contactId }) },
  "crm.duplicates.forCompany": { minimumRole: "viewer", call: (api, ids) => api.crm.duplicates.forCompany({ id: ids.companyId }) },
  "crm.duplicates.forDraft": { minimumRole: "viewer", call: (api) => api.crm.duplicates.forDraft({ entityType: "company", name: "Isolation", domain: "isolation.example" }) },
  "crm.duplicates.list": { minimumRole: "viewer", call: (api) => api.crm.duplicates.list({ entityType: "contact" }) },
  "crm.duplicates.preview": {
    minimumRole: "viewer",
    call: (api, ids) => api.crm.duplicates.preview({ entityType: "contact", winnerId: ids.contactId, loserId: ids.duplicateContactId, choices: { lastName: "loser" } }),
  },
  "crm.duplicates.merge": {
    minimumRole: "member",
    call: (api, ids) => api.crm.duplicates.merge({ entityType: "contact", winnerId: ids.mergeWinnerId, loserId: ids.mergeLoserId, choices: { lastName: "winner" } }),
  },
  "crm.duplicates.undo": { minimumRole: "member", call: (api, ids) => api.crm.duplicates.undo({ mergeId: ids.mergeId }) },
  "crm.duplicates.merges.forRecord": {
    minimumRole: "viewer",
    call: (api, ids) => api.crm.duplicates.merges.forRecord({ entityType: "contact", id: ids.mergeWinnerId }),
  },
};
