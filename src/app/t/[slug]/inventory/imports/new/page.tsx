import type { Metadata } from "next";
import { InventoryImportUpload } from "@/components/inventory/import-pages";
import { ButtonLink } from "@/components/ui/button";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Import products" };

/** /t/[slug]/inventory/imports/new: the import wizard's first step (members and above). */
export default async function NewInventoryImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!roleAtLeast(org.role, INVENTORY.edit)) {
    return (
      <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
        <div>
          <h1 className="text-lg font-semibold text-ink">Viewers cannot import</h1>
          <p className="mt-1 text-sm text-ink-muted">Importing creates and changes products. Ask an owner or admin of {org.name} for the member role.</p>
        </div>
        <ButtonLink href={`/t/${org.slug}/inventory/imports`} variant="secondary">
          See past imports
        </ButtonLink>
      </section>
    );
  }
  return <InventoryImportUpload tenantId={org.id} slug={org.slug} />;
}
