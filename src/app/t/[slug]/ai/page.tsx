import type { Metadata } from "next";
import { DocumentLibrary } from "@/components/ai/document-library";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Documents" };

/** /t/[slug]/ai: the document library (every role reads it; members upload). */
export default async function AiDocumentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <DocumentLibrary slug={org.slug} role={org.role} userId={user.id} />;
}
