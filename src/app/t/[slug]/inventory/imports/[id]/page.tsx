import type { Metadata } from "next";
import { InventoryImportPage } from "@/components/inventory/import-pages";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Import" };

/** /t/[slug]/inventory/imports/[id]: a draft's mapping and preview, or a started import's progress and report. */
export default async function InventoryImportDetailPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { user, org } = await getTenantPage(slug);
  return <InventoryImportPage key={id} slug={org.slug} id={id} userId={user.id} role={org.role} />;
}
