import type { Metadata } from "next";
import { CompanyRecord } from "@/components/crm/companies/company-record";
import { getTenantPage } from "@/server/tenant-page";
import { notFound } from "next/navigation";
import { TrashedRecord } from "@/components/crm/trash/trashed-record";
import { HydrateClient } from "@/trpc/hydrate";
import { loadRecordPage, loadRecordTitle, loadTrashedRecord, recordMetadataTitle } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: await recordMetadataTitle(slug, "company", id, "Company") };
}

/** /t/[slug]/crm/companies/[id]: the company with everything its first paint shows, fetched on the server in one round (./layout.tsx has checked it exists). */
export default async function CompanyPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) {
    if ((await loadRecordTitle(org.id, "company", id)) === null) {
      // In the trash: say so, with Restore; otherwise (missing, merged away, hidden) a 404.
      const trashed = await loadTrashedRecord(org.id, "company", id);
      if (!trashed) notFound();
      return <TrashedRecord slug={org.slug} entity="company" id={id} trashed={trashed} role={org.role} />;
    }
    await loadRecordPage(org.id, "company", id);
  }
  return (
    <HydrateClient>
      <CompanyRecord slug={org.slug} id={id} role={org.role} />
    </HydrateClient>
  );
}
