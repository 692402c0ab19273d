import type { Metadata } from "next";
import { CrmImportUpload } from "@/components/crm/imports/import-pages";
import { ButtonLink } from "@/components/ui/button";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { CRM } from "@/server/modules/crm/permissions";

export const metadata: Metadata = { title: "Import from CSV" };

/** /t/[slug]/crm/imports/new?entity=contact|company: the import wizard's first step (members and above). */
export default async function NewImportPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!roleAtLeast(org.role, CRM.edit)) {
    return (
      <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
        <div>
          <h1 className="text-lg font-semibold text-ink">Viewers cannot import</h1>
          <p className="mt-1 text-sm text-ink-muted">Importing creates and changes records. Ask an owner or admin of {org.name} for the member role.</p>
        </div>
        <ButtonLink href={`/t/${org.slug}/crm/imports`} variant="secondary">
          See past imports
        </ButtonLink>
      </section>
    );
  }
  const { entity } = await searchParams;
  return <CrmImportUpload tenantId={org.id} slug={org.slug} initialEntity={entity === "company" ? "company" : "contact"} />;
}
