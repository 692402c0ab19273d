import type { Metadata } from "next";
import { DocumentLibrary } from "@/components/ai/document-library";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchLibrary } from "./prefetch";

export const metadata: Metadata = { title: "Documents" };

/** /t/[slug]/ai: the document library (every role reads it; members upload). */
export default async function AiDocumentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchLibrary(org.id);
  return (
    <HydrateClient>
      <DocumentLibrary slug={org.slug} role={org.role} userId={user.id} />
    </HydrateClient>
  );
}
