import type { Metadata } from "next";
import { CompaniesList } from "@/components/crm/companies/companies-list";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchEntityList, toSearchParams } from "../../prefetch";
import { tenantPrefetcher } from "../../record-page";

export const metadata: Metadata = { title: "Companies" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Filters, sort and saved view live in the URL, like the contact list's. The first page is fetched on the server for the URL's list and is in the HTML. */
export default async function CompaniesPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchEntityList(tenantPrefetcher(org.id), "company", user.id, toSearchParams(await searchParams));
  return (
    <HydrateClient>
      <CompaniesList tenantId={org.id} slug={org.slug} userId={user.id} role={org.role} />
    </HydrateClient>
  );
}
