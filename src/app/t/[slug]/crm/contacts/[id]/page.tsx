import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ContactRecord } from "@/components/crm/contacts/contact-record";
import { isUuid } from "@/components/crm/shared/list-query";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!isUuid(id)) notFound();
  return <ContactRecord slug={org.slug} id={id} role={org.role} />;
}
