import type { Metadata } from "next";
import { DealList } from "@/components/crm/deals/deal-list";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Deals" };

/** /t/[slug]/crm/deals/list: the deal list (filters, sort and saved view in the address). */
export default async function DealsListPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <DealList tenantId={org.id} slug={org.slug} userId={user.id} role={org.role} />;
}
