import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DocumentRecord } from "@/components/accounting/document-record";
import { documentTitle } from "@/components/accounting/labels";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { loadDocument, prefetchDocumentForm } from "../../prefetch";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Document" };
  const document = await loadDocument(org.id, id);
  return { title: document ? documentTitle(document) : "Document not found" };
}

/** /t/[slug]/accounting/documents/[id]: an invoice, bill or credit note, fetched on the server (./layout.tsx has checked it exists). */
export default async function DocumentPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  const canDraft = roleAtLeast(org.role, ACCOUNTING.draft);
  if (!org.suspendedAt) {
    const document = await loadDocument(org.id, id);
    if (document === null) notFound();
    if (document.status === "draft" && canDraft) await prefetchDocumentForm(org.id);
  }
  return (
    <HydrateClient>
      <DocumentRecord slug={org.slug} id={id} canDraft={canDraft} canPost={roleAtLeast(org.role, ACCOUNTING.post)} />
    </HydrateClient>
  );
}
