import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ContactRecord } from "@/components/crm/contacts/contact-record";
import { getTenantPage } from "@/server/tenant-page";
import { TrashedRecord } from "@/components/crm/trash/trashed-record";
import { loadRecordTitle, loadTrashedRecord } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Contact" };
  const title = await loadRecordTitle(org.id, "contact", id);
  if (title !== null) return { title };
  const trashed = await loadTrashedRecord(org.id, "contact", id);
  return { title: trashed ? `${trashed.title} (in the trash)` : "Contact not found" };
}

export default async function ContactPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  // Missing, merged away or hidden: a 404 with the same words the record page uses.
  if (!org.suspendedAt && (await loadRecordTitle(org.id, "contact", id)) === null) {
    // In the trash: say so, with Restore; otherwise (missing, merged away, hidden) a 404.
    const trashed = await loadTrashedRecord(org.id, "contact", id);
    if (!trashed) notFound();
    return <TrashedRecord slug={org.slug} entity="contact" id={id} trashed={trashed} role={org.role} />;
  }
  return <ContactRecord slug={org.slug} id={id} role={org.role} />;
}
