import type { Metadata } from "next";
import { ContactsList } from "@/components/crm/contacts/contacts-list";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Contacts" };

/** Filters, sort and saved view live in the URL (?q=ann&stage=lead&owner=me&sort=name.asc&view=<id>). */
export default async function ContactsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <ContactsList tenantId={org.id} slug={org.slug} userId={user.id} role={org.role} />;
}
