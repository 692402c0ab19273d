"use client";

import { ImportHistory } from "@/components/records/import-history";
import type { ImportViewer } from "@/components/records/import-types";
import { ImportWizard } from "@/components/records/import-wizard";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { INVENTORY_IMPORTS } from "./inventory-imports";

/*
 * The inventory import pages (/t/[slug]/inventory/imports/**): the records import wizard and
 * history with inventory's configuration. Client components, as the configuration carries hooks.
 */

/** Members import; admins may continue or stop anyone's import (the server's rule). Products have no custom fields to create. */
function inventoryImportViewer(userId: string, role: MemberRole): ImportViewer {
  return { userId, canImport: roleAtLeast(role, INVENTORY.edit), canManageAll: roleAtLeast(role, INVENTORY.manageOthers), canCreateFields: false };
}

/** /t/[slug]/inventory/imports: every product import of the organization (everyone reads; members import). */
export function InventoryImportHistory({ slug, role, userId }: { slug: string; role: MemberRole; userId: string }) {
  return <ImportHistory config={INVENTORY_IMPORTS} slug={slug} viewer={inventoryImportViewer(userId, role)} />;
}

/** /t/[slug]/inventory/imports/new: the upload step. */
export function InventoryImportUpload({ tenantId, slug }: { tenantId: string; slug: string }) {
  return <ImportWizard config={INVENTORY_IMPORTS} step="upload" slug={slug} tenantId={tenantId} initialEntity="product" />;
}

/** /t/[slug]/inventory/imports/[id]: a draft's mapping and preview, or a started import's progress and report. */
export function InventoryImportPage({ slug, id, userId, role }: { slug: string; id: string; userId: string; role: MemberRole }) {
  return <ImportWizard config={INVENTORY_IMPORTS} step="import" slug={slug} importId={id} viewer={inventoryImportViewer(userId, role)} />;
}
