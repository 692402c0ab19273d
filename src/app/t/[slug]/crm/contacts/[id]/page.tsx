import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ContactRecord } from "@/components/crm/contacts/contact-record";
import { getTenantPage } from "@/server/tenant-page";
import { loadRecordTitle } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Contact" };
  return { title: (await loadRecordTitle(org.id, "contact", id)) ?? "Contact not found" };
}

export default async function ContactPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  // Missing, merged away or hidden: a 404 with the same words the record page uses.
  if (!org.suspendedAt && (await loadRecordTitle(org.id, "contact", id)) === null) notFound();
  return <ContactRecord slug={org.slug} id={id} role={org.role} />;
}
