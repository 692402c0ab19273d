import type { Metadata } from "next";
import { ReadOnlyNotice } from "@/components/crm/shared/read-only-notice";
import { NewContact } from "@/components/crm/shared/new-record";
import { isUuid } from "@/components/crm/shared/list-query";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { CRM } from "@/server/modules/crm/permissions";

export const metadata: Metadata = { title: "New contact" };

/** ?company=<id> starts the form at that company (from a company's page). */
export default async function NewContactPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  const company = (await searchParams).company;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-ink">New contact</h1>
        <p className="mt-1 text-sm text-ink-muted">Only the first name is required. You can add everything else later.</p>
      </div>
      {roleAtLeast(org.role, CRM.edit) ? (
        <NewContact slug={org.slug} userId={user.id} companyId={typeof company === "string" && isUuid(company) ? company : undefined} />
      ) : (
        <ReadOnlyNotice role={org.role} what="contacts" backHref={`/t/${org.slug}/crm/contacts`} />
      )}
    </div>
  );
}
