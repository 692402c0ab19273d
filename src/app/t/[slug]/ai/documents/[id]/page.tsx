import type { Metadata } from "next";
import { DocumentViewer } from "@/components/ai/document-viewer";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchDocument } from "../../prefetch";

export const metadata: Metadata = { title: "Document" };

/**
 * /t/[slug]/ai/documents/[id]: a document's extracted text, with `?from=&to=` (a cited
 * passage) marked. The viewer says when the document does not exist (it may be deleted
 * while answers still cite it).
 */
export default async function AiDocumentPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchDocument(org.id, id);
  return (
    <HydrateClient>
      <DocumentViewer slug={org.slug} id={id} />
    </HydrateClient>
  );
}
