import type { Metadata } from "next";
import { ContactRecord } from "@/components/crm/contacts/contact-record";
import { getTenantPage } from "@/server/tenant-page";
import { notFound } from "next/navigation";
import { TrashedRecord } from "@/components/crm/trash/trashed-record";
import { HydrateClient } from "@/trpc/hydrate";
import { loadRecordPage, loadRecordTitle, loadTrashedRecord, recordMetadataTitle } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: await recordMetadataTitle(slug, "contact", id, "Contact") };
}

/** /t/[slug]/crm/contacts/[id]: the contact with everything its first paint shows, fetched on the server in one round (./layout.tsx has checked it exists). */
export default async function ContactPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) {
    if ((await loadRecordTitle(org.id, "contact", id)) === null) {
      // In the trash: say so, with Restore; otherwise (missing, merged away, hidden) a 404.
      const trashed = await loadTrashedRecord(org.id, "contact", id);
      if (!trashed) notFound();
      return <TrashedRecord slug={org.slug} entity="contact" id={id} trashed={trashed} role={org.role} />;
    }
    await loadRecordPage(org.id, "contact", id);
  }
  return (
    <HydrateClient>
      <ContactRecord slug={org.slug} id={id} role={org.role} />
    </HydrateClient>
  );
}
