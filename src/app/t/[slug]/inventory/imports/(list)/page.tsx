import type { Metadata } from "next";
import { InventoryImportHistory } from "@/components/inventory/import-pages";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Imports" };

/** /t/[slug]/inventory/imports: the organization's product imports (everyone reads; members import). */
export default async function InventoryImportsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <InventoryImportHistory slug={org.slug} role={org.role} userId={user.id} />;
}
