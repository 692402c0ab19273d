import type { Metadata } from "next";
import { CompanyRecord } from "@/components/crm/companies/company-record";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { loadRecordPage, recordMetadataTitle } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: await recordMetadataTitle(slug, "company", id, "Company") };
}

/** /t/[slug]/crm/companies/[id]: the company with everything its first paint shows, fetched on the server in one round (./layout.tsx has checked it exists). */
export default async function CompanyPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await loadRecordPage(org.id, "company", id);
  return (
    <HydrateClient>
      <CompanyRecord slug={org.slug} id={id} role={org.role} />
    </HydrateClient>
  );
}
