import type { Metadata } from "next";
import { CompaniesList } from "@/components/crm/companies/companies-list";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Companies" };

/** Filters, sort and saved view live in the URL, like the contact list's. */
export default async function CompaniesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <CompaniesList tenantId={org.id} slug={org.slug} userId={user.id} role={org.role} />;
}
