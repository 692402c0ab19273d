import type { Metadata } from "next";
import { NewCompany } from "@/components/crm/shared/new-record";
import { ReadOnlyNotice } from "@/components/crm/shared/read-only-notice";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { CRM } from "@/server/modules/crm/permissions";

export const metadata: Metadata = { title: "New company" };

export default async function NewCompanyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-ink">New company</h1>
        <p className="mt-1 text-sm text-ink-muted">Only the name is required. You can add everything else later.</p>
      </div>
      {roleAtLeast(org.role, CRM.edit) ? (
        <NewCompany slug={org.slug} userId={user.id} />
      ) : (
        <ReadOnlyNotice role={org.role} what="companies" backHref={`/t/${org.slug}/crm/companies`} />
      )}
    </div>
  );
}
