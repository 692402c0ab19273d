import type { Metadata } from "next";
import { DealRecord } from "@/components/crm/deals/deal-record";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Deal" };

/** /t/[slug]/crm/deals/[id]: one deal (the client loads it; a deal the viewer cannot see reads as not available). */
export default async function DealPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { user, org } = await getTenantPage(slug);
  return <DealRecord slug={org.slug} id={id} role={org.role} userId={user.id} />;
}
