import { withTenant } from "../../../db/tenant";
import { createImport } from "../imports/imports";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";

/** Two draft imports uploaded by the owner: one the role matrix starts, one it cancels. */
export type Ids = { importId: string; cancellableImportId: string };

const csv = (name: string, tenantId: string) =>
  new TextEncoder().encode(`First name,Last name,Email\r\n${name},Imported,import-${tenantId}@example.test\r\n`);

export async function buildFixture(scope: FixtureScope): Promise<Ids> {
  return withTenant({ tenantId: scope.tenantId, userId: scope.owner.id, role: "owner" }, async (tx) => {
    const actor = { userId: scope.owner.id, role: "owner" as const };
    const draft = await createImport(tx, actor, { entityType: "contact", fileName: `${scope.name} contacts.csv` }, csv(scope.name, scope.tenantId));
    const cancellable = await createImport(tx, actor, { entityType: "contact", fileName: `${scope.name} more.csv` }, csv(scope.name, scope.tenantId));
    return { importId: draft.id, cancellableImportId: cancellable.id };
  });
}

const MAPPING = { "First name": "firstName", "Last name": "lastName", Email: "emails" };

export const cases: Record<string, TenantProcedureCase<Ids>> = {
  "crm.imports.list": { minimumRole: "viewer", call: (api) => api.crm.imports.list({}) },
  "crm.imports.get": { minimumRole: "viewer", call: (api, ids) => api.crm.imports.get({ id: ids.importId }) },
  "crm.imports.errors": { minimumRole: "viewer", call: (api, ids) => api.crm.imports.errors({ id: ids.importId }) },
  // Members who did not upload the file get NOT_FOUND (its rows are the uploader's and admins').
  "crm.imports.preview": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.crm.imports.preview({ id: ids.importId, mapping: MAPPING }) },
  "crm.imports.start": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.crm.imports.start({ id: ids.importId, mapping: MAPPING, onDuplicate: "skip" }) },
  "crm.imports.cancel": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.crm.imports.cancel({ id: ids.cancellableImportId }) },
};
