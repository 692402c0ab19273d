"use client";

import { ImportHistory } from "@/components/records/import-history";
import type { ImportViewer } from "@/components/records/import-types";
import { ImportWizard } from "@/components/records/import-wizard";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { CRM_IMPORTS, type CrmImportEntity } from "./crm-imports";

/*
 * The CRM import pages (/t/[slug]/crm/imports/**): the records import wizard and history
 * with CRM's configuration. Client components, as the configuration carries hooks.
 */

/** Members import; admins may continue or stop anyone's import (the server's rule for imports) and create fields from it (custom fields' rule). */
function crmImportViewer(userId: string, role: MemberRole): ImportViewer {
  return { userId, canImport: roleAtLeast(role, CRM.edit), canManageAll: roleAtLeast(role, CRM.manageOthers), canCreateFields: roleAtLeast(role, CRM.configure) };
}

/** /t/[slug]/crm/imports: every import of the organization (everyone reads; members import). */
export function CrmImportHistory({ slug, role, userId }: { slug: string; role: MemberRole; userId: string }) {
  return <ImportHistory config={CRM_IMPORTS} slug={slug} viewer={crmImportViewer(userId, role)} />;
}

/** /t/[slug]/crm/imports/new: the upload step. */
export function CrmImportUpload({ tenantId, slug, initialEntity }: { tenantId: string; slug: string; initialEntity: CrmImportEntity }) {
  return <ImportWizard config={CRM_IMPORTS} step="upload" slug={slug} tenantId={tenantId} initialEntity={initialEntity} />;
}

/** /t/[slug]/crm/imports/[id]: a draft's mapping and preview, or a started import's progress and report. */
export function CrmImportPage({ slug, id, userId, role }: { slug: string; id: string; userId: string; role: MemberRole }) {
  return <ImportWizard config={CRM_IMPORTS} step="import" slug={slug} importId={id} viewer={crmImportViewer(userId, role)} />;
}
