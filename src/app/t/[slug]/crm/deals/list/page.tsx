import type { Metadata } from "next";
import { DealList } from "@/components/crm/deals/deal-list";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchDealList, toSearchParams } from "../../prefetch";
import { tenantPrefetcher } from "../../record-page";

export const metadata: Metadata = { title: "Deals" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/crm/deals/list: the deal list (filters, sort and saved view in the address), its first page fetched on the server. */
export default async function DealsListPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchDealList(tenantPrefetcher(org.id), user.id, toSearchParams(await searchParams));
  return (
    <HydrateClient>
      <DealList tenantId={org.id} slug={org.slug} userId={user.id} role={org.role} />
    </HydrateClient>
  );
}
